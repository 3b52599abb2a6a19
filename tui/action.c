/* action.c - the action table and what is generated from it. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/action.h"

#define K(k) TK_CODE(k)
#define END TK_NONE

const struct action action_table[] = {
	{ACT_UP, CTX_LIST | CTX_TEXT | CTX_CASE, {K(KEY_UP), 'k', END, END}, "Up", "up",
	 "Move up one line.", false},
	{ACT_DOWN, CTX_LIST | CTX_TEXT | CTX_CASE, {K(KEY_DOWN), 'j', END, END}, "Down", "down",
	 "Move down one line.", false},
	{ACT_PGUP, CTX_LIST | CTX_TEXT | CTX_FORM | CTX_CASE, {K(KEY_PPAGE), END, END, END}, "PgUp", "page up",
	 "Move up one page.", false},
	{ACT_PGDN, CTX_LIST | CTX_TEXT | CTX_FORM | CTX_CASE, {K(KEY_NPAGE), END, END, END}, "PgDn", "page down",
	 "Move down one page.", false},
	{ACT_PGDN, CTX_LIST | CTX_TEXT, {' ', END, END, END}, "Space", "page down",
	 "Move down one page.", false},
	{ACT_HOME, CTX_LIST | CTX_TEXT, {K(KEY_HOME), 'g', END, END}, "Home", "first",
	 "Go to the first line.", false},
	{ACT_END, CTX_LIST | CTX_TEXT, {K(KEY_END), 'G', END, END}, "End", "last",
	 "Go to the last line.", false},
	{ACT_UP, CTX_SEARCH, {K(KEY_UP), END, END, END}, "Up", "up", "Move up one line.", false},
	{ACT_DOWN, CTX_SEARCH, {K(KEY_DOWN), END, END, END}, "Down", "down", "Move down one line.", false},
	{ACT_DONE, CTX_SEARCH, {'\r', '\n', K(KEY_ENTER), END}, "Enter", "keep",
	 "Keep the search and go back to the list.", true},
	{ACT_BACK, CTX_SEARCH, {TK_ESC, END, END, END}, "Esc", "clear",
	 "Clear the search.", true},
	{ACT_OPEN, CTX_LIST, {'\r', '\n', K(KEY_ENTER), END}, "Enter", "open",
	 "Open the case on the marked line.", true},
	{ACT_SEARCH, CTX_LIST, {'/', END, END, END}, "/", "search",
	 "Search as you type by name or reference; Enter keeps it, Esc clears it.", true},
	{ACT_SORT, CTX_LIST, {'s', END, END, END}, "s", "sort",
	 "Sort by due date, name, reference, stage or weekly budget in turn.", true},
	{ACT_FILTER, CTX_LIST, {'f', END, END, END}, "f", "stage",
	 "Show one stage only, each in turn, then all again.", true},
	{ACT_TEAM, CTX_LIST, {'t', END, END, END}, "t", "team",
	 "Team managers: your own cases or your team's; finance officers: the finance work or every open case.",
	 true},
	{ACT_CASELOAD, CTX_LIST, {'c', END, END, END}, "c", "caseload",
	 "Show the caseload.", false},
	{ACT_PANEL_QUEUE, CTX_LIST, {'p', END, END, END}, "p", "panel",
	 "Show the panel queue: cases waiting for a panel decision.", true},
	{ACT_REVIEWS, CTX_LIST, {'v', END, END, END}, "v", "reviews",
	 "Show reviews due soon and overdue.", true},
	{ACT_ROLE, CTX_LIST, {'R', END, END, END}, "R", "role",
	 "Training: act as another role (worker, manager, panel, finance).", true},
	{ACT_NEW_CASE, CTX_LIST, {'N', END, END, END}, "N", "new case",
	 "Open a new case for a person referred (workers and managers).", true},
	{ACT_EDIT, CTX_CASE, {'e', '\r', '\n', K(KEY_ENTER)}, "e", "edit",
	 "Edit this stage's form.", true},
	{ACT_SAVE, CTX_CASE | CTX_FORM, {TK_CTRL('s'), END, END, END}, "^S", "save",
	 "Save the form. Nothing is saved until you do.", true},
	{ACT_SAVE, CTX_CASE, {'S', END, END, END}, "S", "save",
	 "Save the form (when not editing a field).", false},
	{ACT_ADVANCE, CTX_CASE, {'>', END, END, END}, ">", "next stage",
	 "Move the case on to the next stage when this one is complete.", true},
	{ACT_HISTORY, CTX_CASE, {'h', END, END, END}, "h", "history",
	 "Read the case's history (the audit trail; it cannot be edited).", true},
	{ACT_NOTES, CTX_CASE, {'n', END, END, END}, "n", "notes",
	 "Read the case notes.", true},
	{ACT_ADD_NOTE, CTX_CASE | CTX_TEXT, {'a', END, END, END}, "a", "add note",
	 "Add a case note.", true},
	{ACT_PERSON, CTX_CASE, {'P', END, END, END}, "P", "person",
	 "The person's details: name, date of birth, client group, address, household (workers and managers "
	 "correct them).", false},
	{ACT_WORKING, CTX_CASE, {'w', END, END, END}, "w", "working",
	 "Show the working: eligibility, the RAS points, contribution, panel checks.", true},
	{ACT_RELOAD, CTX_CASE, {'r', END, END, END}, "r", "reload",
	 "Reload the case from the store, dropping unsaved changes (asks first).", false},
	{ACT_ADD_LINE, CTX_FORM | CTX_CASE, {TK_CTRL('n'), END, END, END}, "^N", "new line",
	 "Support plan: add a plan line.", false},
	{ACT_NEXT_FIELD, CTX_FORM, {'\t', K(KEY_DOWN), END, END}, "Tab", "next",
	 "Next field; the field is checked as you leave it.", true},
	{ACT_PREV_FIELD, CTX_FORM, {K(KEY_BTAB), K(KEY_UP), END, END}, "S-Tab", "previous",
	 "Previous field.", false},
	{ACT_DONE, CTX_FORM, {TK_ESC, END, END, END}, "Esc", "done",
	 "Stop editing; changes stay marked unsaved until you save.", true},
	{ACT_GOTO, CTX_LIST, {'O', END, END, END}, "O", "open ref",
	 "Open a case by its reference; another team's by breaking the glass.", false},
	{ACT_SIGN_OFF, CTX_CASE, {'o', END, END, END}, "o", "sign off",
	 "Team managers: sign off the assessment or the support plan.", false},
	{ACT_ALLOCATE, CTX_CASE, {'A', END, END, END}, "A", "allocate",
	 "Team managers: allocate or reassign the case within your team.", false},
	{ACT_ACTIVITY, CTX_LIST | CTX_CASE, {'W', END, END, END}, "W", "activity",
	 "Team managers: the recent activity of this case's worker.", false},
	{ACT_GUIDE, CTX_LIST | CTX_CASE | CTX_TEXT, {'i', END, END, END}, "i", "guide",
	 "Show or hide the guidance: what this stage and your role ask.", false},
	{ACT_HELP, CTX_ALL & ~CTX_FORM & ~CTX_SEARCH, {'?', END, END, END}, "?", "help",
	 "Show every key that works here.", true},
	{ACT_HELP, CTX_FORM, {TK_CTRL('g'), END, END, END}, "^G", "help",
	 "Show every key that works here.", true},
	{ACT_BACK, CTX_CASE | CTX_TEXT, {TK_ESC, 'q', K(KEY_LEFT), END}, "Esc", "back",
	 "Go back; asks first if there are unsaved changes.", true},
	{ACT_QUIT, CTX_LIST, {'q', TK_CTRL('q'), END, END}, "q", "quit",
	 "Leave casework.", true},
};

const size_t action_count = sizeof action_table / sizeof action_table[0];

const char action_field_keys_help[] =
	"In a field: type to change it; Left/Right, Home/End (^A/^E), Bksp/Del (^D) edit, ^U clears to the "
	"start; Space, Left/Right or y/n for choices; Enter picks from a long list, or starts a new line in a "
	"field of lines.";

enum act action_for_key(int key, unsigned ctx)
{
	for (size_t i = 0; i < action_count; i++) {
		const struct action *a = &action_table[i];
		if (!(a->ctx & ctx))
			continue;
		for (size_t k = 0; k < 4 && a->keys[k] != TK_NONE; k++)
			if (a->keys[k] == key)
				return a->id;
	}
	return ACT_NONE;
}

/* The footer's order: help first, then the main action of the screen,
 * the way back, then the rest in table order; what does not fit at
 * this width is left to the ? screen. */
static int footer_rank(enum act id)
{
	switch (id) {
	case ACT_HELP: return 0;
	case ACT_OPEN: case ACT_EDIT: case ACT_SAVE: case ACT_NEXT_FIELD: return 1;
	case ACT_BACK: case ACT_QUIT: case ACT_DONE: return 2;
	default: return 3;
	}
}

char *action_footer(unsigned ctx, unsigned long long hide, char *buf, size_t bufsize, int width)
{
	size_t len = 0;
	unsigned long long shown = 0;
	buf[0] = '\0';
	for (int rank = 0; rank < 4; rank++) {
		for (size_t i = 0; i < action_count; i++) {
			const struct action *a = &action_table[i];
			if (!(a->ctx & ctx) || !a->footer || (hide & (1ull << a->id)) || (shown & (1ull << a->id)) ||
			    footer_rank(a->id) != rank)
				continue;
			char item[64];
			int n = snprintf(item, sizeof item, "%s%s %s", len ? "  " : "", a->keyname, a->name);
			if (n < 0 || (size_t)n >= sizeof item || len + (size_t)n >= bufsize || (int)(len + (size_t)n) > width)
				continue;
			memcpy(buf + len, item, (size_t)n + 1);
			len += (size_t)n;
			shown |= 1ull << a->id;
		}
	}
	return buf;
}

/* A key as the help shows it; NULL for one shown under another name
 * (newline and the keypad's Enter are Enter). */
static const char *key_label(int key, char *buf, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} named[] = {
		{K(KEY_UP), "Up"},     {K(KEY_DOWN), "Down"},   {K(KEY_LEFT), "Left"},  {K(KEY_RIGHT), "Right"},
		{K(KEY_PPAGE), "PgUp"}, {K(KEY_NPAGE), "PgDn"}, {K(KEY_HOME), "Home"},  {K(KEY_END), "End"},
		{K(KEY_BTAB), "S-Tab"}, {'\r', "Enter"},        {'\t', "Tab"},          {TK_ESC, "Esc"},
		{' ', "Space"},
	};
	if (key == '\n' || key == K(KEY_ENTER))
		return NULL;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key)
			return named[i].name;
	if (key > 0 && key < 0x20)
		snprintf(buf, size, "^%c", key + 0x40);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, size, "%c", key);
	else
		return NULL;
	return buf;
}

/* Every key of entry a that really does it in ctx (an earlier entry may
 * have the key for something else), each between pre and post, joined
 * with ", ". */
static void entry_keys(const struct action *a, unsigned ctx, const char *pre, const char *post, char *keys,
		       size_t size)
{
	keys[0] = '\0';
	for (size_t k = 0; k < 4 && a->keys[k] != TK_NONE; k++) {
		char one[8];
		const char *l = key_label(a->keys[k], one, sizeof one);
		if (!l || action_for_key(a->keys[k], ctx) != a->id)
			continue;
		size_t len = strlen(keys);
		snprintf(keys + len, size - len, "%s%s%s%s", len ? ", " : "", pre, l, post);
	}
}

size_t action_help_lines(unsigned ctx, unsigned long long hide, char lines[][128], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < action_count && n < max; i++) {
		const struct action *a = &action_table[i];
		if (!(a->ctx & ctx) || (hide & (1ull << a->id)))
			continue;
		char keys[48];
		entry_keys(a, ctx, "", "", keys, sizeof keys);
		if (keys[0])
			snprintf(lines[n++], 128, "  %-12s %s", keys, a->help);
	}
	return n;
}

size_t action_markdown(char *buf, size_t size)
{
	static const struct {
		unsigned ctx;
		const char *title;
	} groups[] = {
		{CTX_LIST, "On a list (the caseload, the panel queue, reviews due)"},
		{CTX_SEARCH, "While searching"},
		{CTX_CASE, "On a case"},
		{CTX_FORM, "Editing a form"},
		{CTX_TEXT, "Reading (history, notes, activity, guidance, help)"},
	};
	size_t len = 0;
	if (size == 0)
		return 0;
	buf[0] = '\0';
#define OUT(...) \
	do { \
		int n_ = snprintf(buf + len, size - len, __VA_ARGS__); \
		if (n_ > 0) \
			len += (size_t)n_ < size - len ? (size_t)n_ : size - len - 1; \
	} while (0)
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		OUT("%s%s:\n\n| Key | What it does |\n|---|---|\n", g ? "\n" : "", groups[g].title);
		for (size_t i = 0; i < action_count; i++) {
			const struct action *a = &action_table[i];
			char keys[96];
			if (!(a->ctx & groups[g].ctx))
				continue;
			entry_keys(a, groups[g].ctx, "`", "`", keys, sizeof keys);
			if (keys[0])
				OUT("| %s | %s |\n", keys, a->help);
		}
		if (groups[g].ctx == CTX_FORM)
			OUT("\n%s\n", action_field_keys_help);
	}
#undef OUT
	return len;
}
