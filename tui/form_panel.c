/* form_panel.c - role 3: the triggers (from core/rules.h), the worker's
 * own request, and the panel's decision. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"
#include "tui/stage_forms.h"

#define OFF(m) offsetof(struct case_record, m)
#define SZ(m) sizeof(((struct case_record *)0)->m)
#define NB FORM_NO_BIND

static const char *const decision_labels[PANEL_DECISION_COUNT] = {
	"Pending", "Approved", "Approved at another amount", "Declined", "Deferred for more information"};

static const struct form_field panel_fields[] = {
	{"worker_request", "Worker asks for panel", FK_YESNO, OFF(panel.worker_request), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "Send the case to panel by choice, with an amount and a justification."},
	{"requested", "Requested weekly amount", FK_MONEY, OFF(panel.requested_weekly), 0, NULL, 0, 0, NULL, NB,
	 false, 0, 0, "Pounds and pence a week, like 350.00."},
	{"justification", "Justification", FK_LINES, OFF(panel.justification), SZ(panel.justification), NULL, 0, 0,
	 NULL, NB, false, 0, 0, "Why the amount is needed."},
	{"decision_info", "Panel decision (panel members record this)", FK_INFO, NB, 0, NULL, 0, 0, NULL, NB, false,
	 0, 0, NULL},
	{"decision", "Decision", FK_CHOICE, OFF(panel.decision), 0, decision_labels, PANEL_DECISION_COUNT, 0, NULL, NB,
	 false, 0, 0, "Approved, approved at another amount, declined, or deferred."},
	{"approved", "Approved weekly amount", FK_MONEY, OFF(panel.approved_weekly), 0, NULL, 0, 0, NULL, NB, false, 0,
	 0, "The amount the panel agreed, a week."},
	{"reasons", "Reasons", FK_LINES, OFF(panel.decision_reasons), SZ(panel.decision_reasons), NULL, 0, 0, NULL,
	 NB, false, 0, 0, "The panel's reasons."},
	{"members", "Members present", FK_TEXT, OFF(panel.members), SZ(panel.members), NULL, 0, 0, NULL, NB, false, 0,
	 0, "Names of the members present."},
	{"decided_on", "Decided on", FK_DATE, OFF(panel.decided_on), 0, NULL, 0, 0, NULL, NB, false, 0, 0,
	 "The date of the panel, as YYYY-MM-DD."},
};

static void panel_build(struct form *f, const struct case_record *c, const struct policy *p)
{
	form_init(f, "panel", "Panel escalation", panel_fields, (int)CW_ARRAY_LEN(panel_fields), p);
	form_load(f, c);
}

static void panel_derive(struct case_record *c, const struct policy *p, const char *who)
{
	struct panel_check pc;
	struct cw_error err = {0};
	(void)who;
	rules_panel_check(c, p, &pc, &err);
	c->panel.triggers = pc.triggers;
	c->panel.required = pc.required ? TRI_YES : TRI_NO;
	cw_strlcpy(c->panel.reasons, pc.reasons, sizeof c->panel.reasons);
	cw_strlcpy(c->panel.not_needed_reason, pc.required ? "" : pc.not_needed, sizeof c->panel.not_needed_reason);
}

static void panel_working(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	struct panel_check pc;
	struct cw_error err = {0};
	enum cw_status st = rules_panel_check(c, p, &pc, &err);
	snprintf(buf, size, "%s\n%s%s%s", pc.required ? "Panel needed:" : "Panel not needed:",
		 pc.required ? pc.reasons : pc.not_needed, st != CW_OK ? "\n" : "", st != CW_OK ? err.msg : "");
}

static void panel_summary(const struct case_record *c, const struct policy *p, char *buf, size_t size)
{
	struct panel_check pc;
	struct cw_error err = {0};
	char m[MONEY_BUF];
	rules_panel_check(c, p, &pc, &err);
	if (!pc.required) {
		snprintf(buf, size, "No trigger fired: panel not needed (w: working)");
		return;
	}
	int n = 0;
	for (const char *q = pc.reasons; *q; q++)
		n += *q == '\n';
	if (pc.reasons[0] && pc.reasons[strlen(pc.reasons) - 1] != '\n')
		n++;
	snprintf(buf, size, "Panel needed for %s a week: %d reason%s (w: working)",
		 money_format(pc.amount, MONEY_GROUP, m, sizeof m), n, n == 1 ? "" : "s");
}

const struct stage_form_ops form_panel_ops = {
	"panel", "Panel escalation", ACCESS_EDIT_PANEL_REQUEST, panel_build, panel_derive, panel_working, panel_summary,
};
