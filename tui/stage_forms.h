/* stage_forms.h - the form of each stage, as field tables on the form
 * widget (tui/form.h), with what each stage derives through core's
 * rules once the fields are applied (the RAS, eligibility, charges,
 * panel triggers, plan costs, review dates) and the working to show. */
#ifndef CW_TUI_STAGE_FORMS_H
#define CW_TUI_STAGE_FORMS_H

#include <stddef.h>

#include "core/access.h"
#include "core/case.h"
#include "core/policy.h"
#include "core/provider.h"
#include "tui/form.h"

struct stage_form_ops {
	const char *name;  /* the draft's form name */
	const char *title;
	enum access_action edit_action;
	/* form_init + form_load for this case */
	void (*build)(struct form *f, const struct case_record *c, const struct policy *p);
	/* after form_apply: the figures the rules derive (who: the login saving) */
	void (*derive)(struct case_record *c, const struct policy *p, const char *who);
	/* the working, one item a line */
	void (*working)(const struct case_record *c, const struct policy *p, char *buf, size_t size);
	/* at save, after derive: refuse contradictions, check who may make
	 * the change (a panel decision, a sign-off, an audit), or record a
	 * panel decision / a review through core/workflow.h. f is the form
	 * as saved (its unbound fields: a sign-off asked for); me the person
	 * saving. May be NULL. */
	enum cw_status (*commit)(const struct form *f, const struct case_record *before, struct case_record *work,
				 const struct policy *p, const struct staff_member *me, struct cw_error *err);
	/* one line for the top of the form */
	void (*summary)(const struct case_record *c, const struct policy *p, char *buf, size_t size);
};

/* NULL for a closed case. */
const struct stage_form_ops *stage_form_for(enum stage s);
/* By draft name ("decision"); NULL if none. */
const struct stage_form_ops *stage_form_named(const char *name);

extern const struct stage_form_ops form_decision_ops;
extern const struct stage_form_ops form_assessment_ops;
extern const struct stage_form_ops form_panel_ops;
extern const struct stage_form_ops form_plan_ops;
extern const struct stage_form_ops form_review_ops;

/* The person's details on a case (tui/form_person.c): the form, the
 * working (what depends on where they live), the figures worked out
 * again. Not a stage: saved through act_save_person. */
extern const struct stage_form_ops form_person_ops;

/* The new-case form: the person, the referral date (today) and what was
 * referred (saved as the first case note). Nothing is chosen as the
 * client group until the worker does. */
void form_newcase_build(struct form *f, const struct policy *p, struct date today);
/* Parses the new-case form into c (case_init'ed here; the person and the
 * referral date) and *referral (owned; the referral's text, trimmed), as
 * form_apply does for saving. */
enum cw_status form_newcase_apply(struct form *f, struct case_record *c, char **referral, struct cw_error *err);

/* The provider directory the plan form's "Find a provider" picks from
 * (NULL or empty: no picker; providers are typed). Not owned. */
void form_plan_set_providers(const struct provider_directory *d);

/* Short stage names for the screens ("Decision", "Assessment", ...). */
extern const char *const tui_stage_short[STAGE_COUNT];
extern const char *const tui_route_labels[ROUTE_COUNT];

#endif
