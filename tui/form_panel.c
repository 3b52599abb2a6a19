/* form_panel.c - role 3: the triggers (from core/rules.h), the worker's
 * own request, and the panel's decision. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/rules.h"
#include "core/util.h"
#include "core/workflow.h"
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
	{"decided_on", "Decided on", FK_DATE, OFF(panel.decided_on), 0, NULL, 0, 0, NULL, NB, false, 0, 1,
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

static bool decision_changed(const struct panel_record *a, const struct panel_record *b)
{
	return a->decision != b->decision || a->decided_on.days != b->decided_on.days ||
	       strcmp(a->decision_reasons, b->decision_reasons) != 0 || strcmp(a->members, b->members) != 0 ||
	       a->approved_weekly != b->approved_weekly;
}

/* A decision typed into the form is recorded through the workflow
 * (which keeps the hearing in the history and moves the case on). Who
 * may change which part - the request is the worker's, the decision the
 * panel's - is checked in core when the save reaches act_save. */
static enum cw_status panel_commit(const struct form *f, const struct case_record *before, struct case_record *work,
				   const struct policy *p, const struct staff_member *me, struct cw_error *err)
{
	(void)f, (void)me;
	struct panel_record *w = &work->panel;
	const struct panel_record *b = &before->panel;
	if (!decision_changed(w, b))
		return CW_OK;
	if (work->stage != STAGE_PANEL)
		return cw_fail(err, CW_ERR_INVALID, "This case is not waiting for the panel");
	if (w->decision == PANEL_PENDING)
		return cw_fail(err, CW_ERR_INCOMPLETE,
			       "Decision: choose approved, approved at another amount, declined or deferred to record the "
			       "panel's hearing");
	enum panel_decision d = w->decision;
	int64_t amount = w->approved_weekly;
	struct date on = w->decided_on;
	char reasons[CASE_TEXT_MAX], members[CASE_SHORT_MAX];
	cw_strlcpy(reasons, w->decision_reasons, sizeof reasons);
	cw_strlcpy(members, w->members, sizeof members);
	w->decision = b->decision;
	w->approved_weekly = b->approved_weekly;
	w->decided_on = b->decided_on;
	cw_strlcpy(w->decision_reasons, b->decision_reasons, sizeof w->decision_reasons);
	cw_strlcpy(w->members, b->members, sizeof w->members);
	return workflow_panel_decide(work, p, d, amount, reasons, members, on, err);
}

const struct stage_form_ops form_panel_ops = {
	"panel", "Panel escalation", ACCESS_EDIT_PANEL_REQUEST, panel_build, panel_derive, panel_working, panel_commit,
	panel_summary,
};
