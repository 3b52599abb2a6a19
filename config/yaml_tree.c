/* yaml_tree.c - libyaml events -> a small tree with positions, and the
 * error list of a config load. See yaml_tree.h. */
#include "config/yaml_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "core/util.h"

void config_errors_free(struct config_errors *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		free(e->msgs[i]);
	free(e->msgs);
	e->msgs = NULL;
	e->n = 0;
}

void config_ctx_init(struct config_ctx *c, const char *name)
{
	memset(c, 0, sizeof *c);
	c->name = name ? name : "(policy)";
}

static void ctx_append(struct config_ctx *c, char *msg)
{
	c->errs.msgs = xrealloc(c->errs.msgs, (c->errs.n + 1) * sizeof *c->errs.msgs);
	c->errs.msgs[c->errs.n++] = msg;
}

void config_error(struct config_ctx *c, int line, int col, const char *fmt, ...)
{
	char body[768];
	char *msg;
	size_t need;
	va_list ap;

	if (c->errs.n >= CONFIG_MAX_ERRORS) {
		c->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	if (line < 1)
		line = 1;
	if (col < 1)
		col = 1;
	need = strlen(c->name) + strlen(body) + 48;
	msg = xmalloc(need);
	snprintf(msg, need, "%s:%d:%d: %s", c->name, line, col, body);
	c->lines = xrealloc(c->lines, (c->errs.n + 1) * sizeof *c->lines);
	c->cols = xrealloc(c->cols, (c->errs.n + 1) * sizeof *c->cols);
	c->lines[c->errs.n] = line;
	c->cols[c->errs.n] = col;
	ctx_append(c, msg);
}

void config_ctx_finish(struct config_ctx *c, struct config_errors *out)
{
	size_t i, j;

	/* Insertion sort: stable, and there are at most CONFIG_MAX_ERRORS. */
	for (i = 1; i < c->errs.n; i++) {
		char *m = c->errs.msgs[i];
		int l = c->lines[i], col = c->cols[i];
		for (j = i; j > 0 && (c->lines[j - 1] > l || (c->lines[j - 1] == l && c->cols[j - 1] > col)); j--) {
			c->errs.msgs[j] = c->errs.msgs[j - 1];
			c->lines[j] = c->lines[j - 1];
			c->cols[j] = c->cols[j - 1];
		}
		c->errs.msgs[j] = m;
		c->lines[j] = l;
		c->cols[j] = col;
	}
	free(c->lines);
	free(c->cols);
	c->lines = c->cols = NULL;
	if (c->dropped) {
		char body[160];
		size_t need;
		char *msg;

		snprintf(body, sizeof body, "%zu more errors not shown; expected a file with fewer mistakes, fix these first",
		         c->dropped);
		need = strlen(c->name) + strlen(body) + 16;
		msg = xmalloc(need);
		snprintf(msg, need, "%s:1:1: %s", c->name, body);
		ctx_append(c, msg);
		c->dropped = 0;
	}
	if (out) {
		*out = c->errs; /* overwritten, not freed: see config.h */
	} else {
		config_errors_free(&c->errs);
	}
	c->errs.msgs = NULL;
	c->errs.n = 0;
}

enum cw_status config_read_file(struct config_ctx *c, const char *path, char **data, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t have = 0;
	int fd;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		config_error(c, 1, 1, "cannot open the file: %s; expected a readable YAML file", strerror(errno));
		return CW_ERR_IO;
	}
	if (fstat(fd, &st) != 0) {
		config_error(c, 1, 1, "cannot read the file: %s; expected a readable YAML file", strerror(errno));
		close(fd);
		return CW_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		config_error(c, 1, 1, "is a directory; expected a YAML file");
		close(fd);
		return CW_ERR_IO;
	}
	if (S_ISREG(st.st_mode) && st.st_size > CONFIG_MAX_BYTES) {
		config_error(c, 1, 1, "the file is too large (%lld bytes); expected at most %d bytes",
		             (long long)st.st_size, CONFIG_MAX_BYTES);
		close(fd);
		return CW_ERR_INVALID;
	}
	/* Read up to one byte past the limit, so a growing file or a pipe
	 * that is too long is still caught. */
	buf = xmalloc((size_t)CONFIG_MAX_BYTES + 2);
	for (;;) {
		ssize_t r = read(fd, buf + have, (size_t)CONFIG_MAX_BYTES + 1 - have);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			config_error(c, 1, 1, "cannot read the file: %s; expected a readable YAML file", strerror(errno));
			free(buf);
			close(fd);
			return CW_ERR_IO;
		}
		if (r == 0)
			break;
		have += (size_t)r;
		if (have > CONFIG_MAX_BYTES) {
			config_error(c, 1, 1, "the file is too large (more than %d bytes); expected at most %d bytes",
			             CONFIG_MAX_BYTES, CONFIG_MAX_BYTES);
			free(buf);
			close(fd);
			return CW_ERR_INVALID;
		}
	}
	close(fd);
	buf[have] = '\0';
	*data = buf;
	*len = have;
	return CW_OK;
}

/* ---- the tree ---- */

void ytree_free(struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		ytree_free(n->items[i]);
		if (n->keys)
			ytree_free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->used);
	free(n->value);
	free(n);
}

struct ynode *ytree_get(struct ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->value, key) == 0) {
			map->used[i] = true;
			return map->items[i];
		}
	}
	return NULL;
}

const char *ytree_describe(const struct ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YNODE_MAP:
		return "a mapping";
	case YNODE_SEQ:
		return "a list";
	case YNODE_SCALAR:
		break;
	}
	if (n->plain && (n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0))
		return "empty";
	return "text";
}

char *ytree_show(const char *s, char *buf, size_t bufsize)
{
	char tmp[64];
	size_t n = strlen(s);

	if (n > 40) {
		/* Cut on a character boundary, then mark the cut. */
		size_t cut = 40;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(tmp, s, cut);
		memcpy(tmp + cut, "...", 4);
		cw_sanitize(buf, bufsize, tmp);
	} else {
		cw_sanitize(buf, bufsize, s);
	}
	return buf;
}

const char *config_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i, limit, wl = strlen(word);

	if (wl > 64)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t d = cw_edit_distance(word, candidates[i]);
		if (d < bestd) {
			bestd = d;
			best = candidates[i];
		}
	}
	if (!best)
		return NULL;
	/* Close enough to be a slip: a third of the longer word, at least 2. */
	limit = (wl > strlen(best) ? wl : strlen(best)) / 3;
	if (limit < 2)
		limit = 2;
	return bestd <= limit ? best : NULL;
}

/* ---- building the tree from events ---- */

struct frame {
	struct ynode *node;
	struct ynode *key; /* a mapping's key waiting for its value */
	bool drop_next;    /* the key was refused: drop its value */
};

struct builder {
	struct config_ctx *c;
	struct frame stack[YTREE_MAX_DEPTH];
	int depth;
	struct ynode *root;
	bool failed;  /* something was reported: the result is not usable */
	bool stopped; /* cannot go on reading */
};

static struct ynode *node_new(enum ynode_type type, yaml_mark_t m)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->type = type;
	n->line = (int)(m.line + 1 > 1000000000 ? 1000000000 : m.line + 1);
	n->col = (int)(m.column + 1 > 1000000000 ? 1000000000 : m.column + 1);
	return n;
}

static void push_item(struct ynode *parent, struct ynode *item, struct ynode *key)
{
	if ((parent->n & (parent->n - 1)) == 0 || parent->n == 0) {
		/* grow at powers of two */
		size_t cap = parent->n ? parent->n * 2 : 4;
		parent->items = xrealloc(parent->items, cap * sizeof *parent->items);
		if (parent->type == YNODE_MAP) {
			parent->keys = xrealloc(parent->keys, cap * sizeof *parent->keys);
			parent->used = xrealloc(parent->used, cap * sizeof *parent->used);
		}
	}
	parent->items[parent->n] = item;
	if (parent->type == YNODE_MAP) {
		parent->keys[parent->n] = key;
		parent->used[parent->n] = false;
	}
	parent->n++;
}

/* A finished node goes to its parent (or becomes the root). Takes it. */
static void attach(struct builder *b, struct ynode *n)
{
	struct frame *f;
	char shown[96];
	size_t i;

	if (b->depth == 0) {
		if (b->root)
			ytree_free(b->root); /* cannot happen: one document */
		b->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->n >= YTREE_MAX_ITEMS) {
		config_error(b->c, n->line, n->col, "more than %d entries in one %s; expected a smaller file",
		             YTREE_MAX_ITEMS, f->node->type == YNODE_MAP ? "mapping" : "list");
		ytree_free(n);
		b->failed = b->stopped = true;
		return;
	}
	if (f->node->type == YNODE_SEQ) {
		push_item(f->node, n, NULL);
		return;
	}
	/* A mapping: keys and values alternate. */
	if (!f->key && !f->drop_next) {
		if (n->type != YNODE_SCALAR) {
			config_error(b->c, n->line, n->col, "a key is %s; expected a plain word before the colon",
			             ytree_describe(n));
			ytree_free(n);
			b->failed = true;
			f->drop_next = true;
			return;
		}
		for (i = 0; i < f->node->n; i++) {
			if (strcmp(f->node->keys[i]->value, n->value) == 0) {
				config_error(b->c, n->line, n->col,
				             "duplicate key '%s' (first at line %d); expected each key once",
				             ytree_show(n->value, shown, sizeof shown), f->node->keys[i]->line);
				ytree_free(n);
				b->failed = true;
				f->drop_next = true;
				return;
			}
		}
		f->key = n;
		return;
	}
	if (f->drop_next) {
		ytree_free(n);
		f->drop_next = false;
		return;
	}
	push_item(f->node, n, f->key);
	f->key = NULL;
}

static void check_props(struct builder *b, yaml_mark_t m, const yaml_char_t *anchor, const yaml_char_t *tag)
{
	char shown[96];

	if (anchor) {
		config_error(b->c, (int)m.line + 1, (int)m.column + 1,
		             "anchor '&%s' is not allowed; expected every value written out in full",
		             ytree_show((const char *)anchor, shown, sizeof shown));
		b->failed = true;
	}
	if (tag) {
		config_error(b->c, (int)m.line + 1, (int)m.column + 1,
		             "tag '%s' is not allowed; expected a plain value without a tag",
		             ytree_show((const char *)tag, shown, sizeof shown));
		b->failed = true;
	}
}

/* libyaml's reader reports a byte offset rather than a mark. */
static void offset_to_mark(const char *data, size_t len, size_t off, int *line, int *col)
{
	size_t i;
	int l = 1, cc = 1;

	for (i = 0; i < off && i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '\n') {
			l++;
			cc = 1;
		} else if ((ch & 0xC0) != 0x80) {
			cc++;
		}
	}
	*line = l;
	*col = cc;
}

static void syntax_error(struct builder *b, yaml_parser_t *p, const char *data, size_t len)
{
	char problem[160], context[160];
	int line, col;

	cw_sanitize(problem, sizeof problem, p->problem ? p->problem : "unreadable input");
	if (p->error == YAML_READER_ERROR) {
		offset_to_mark(data, len, p->problem_offset, &line, &col);
		config_error(b->c, line, col, "the file cannot be read as text: %s; expected UTF-8 text", problem);
	} else if (p->error == YAML_MEMORY_ERROR) {
		config_error(b->c, 1, 1, "out of memory while reading; expected a smaller file");
	} else {
		line = (int)p->problem_mark.line + 1;
		col = (int)p->problem_mark.column + 1;
		if (p->problem_mark.index < len && data[p->problem_mark.index] == '\t') {
			config_error(b->c, line, col, "YAML syntax error: a tab character; expected spaces for indentation");
		} else if (p->context) {
			cw_sanitize(context, sizeof context, p->context);
			config_error(b->c, line, col,
			             "YAML syntax error: %s %s (line %d); expected valid YAML (key: value, consistent indentation)",
			             problem, context, (int)p->context_mark.line + 1);
		} else {
			config_error(b->c, line, col,
			             "YAML syntax error: %s; expected valid YAML (key: value, consistent indentation)", problem);
		}
	}
	b->failed = b->stopped = true;
}

static void handle_event(struct builder *b, yaml_event_t *ev, int *docs)
{
	struct ynode *n;
	yaml_mark_t m = ev->start_mark;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			config_error(b->c, (int)m.line + 1, (int)m.column + 1,
			             "a second YAML document starts here; expected one document in the file");
			b->failed = b->stopped = true;
		}
		break;
	case YAML_ALIAS_EVENT: {
		char shown[96];
		config_error(b->c, (int)m.line + 1, (int)m.column + 1,
		             "alias '*%s' is not allowed; expected the value written out in full",
		             ytree_show((const char *)ev->data.alias.anchor, shown, sizeof shown));
		b->failed = true;
		n = node_new(YNODE_SCALAR, m);
		n->value = xstrdup("");
		n->bad = true;
		attach(b, n);
		break;
	}
	case YAML_SCALAR_EVENT:
		check_props(b, m, ev->data.scalar.anchor, ev->data.scalar.tag);
		n = node_new(YNODE_SCALAR, m);
		n->len = ev->data.scalar.length;
		n->value = xstrndup((const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (strlen(n->value) != n->len) {
			config_error(b->c, n->line, n->col, "the text contains a NUL character; expected plain text");
			b->failed = true;
			n->bad = true;
		}
		attach(b, n);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT)
			check_props(b, m, ev->data.sequence_start.anchor, ev->data.sequence_start.tag);
		else
			check_props(b, m, ev->data.mapping_start.anchor, ev->data.mapping_start.tag);
		if (b->depth >= YTREE_MAX_DEPTH) {
			config_error(b->c, (int)m.line + 1, (int)m.column + 1,
			             "nested more than %d levels deep; expected a flatter file", YTREE_MAX_DEPTH);
			b->failed = b->stopped = true;
			break;
		}
		n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP, m);
		b->stack[b->depth].node = n;
		b->stack[b->depth].key = NULL;
		b->stack[b->depth].drop_next = false;
		b->depth++;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0) {
			struct frame *f = &b->stack[--b->depth];
			ytree_free(f->key); /* only if the value never came */
			attach(b, f->node);
		}
		break;
	default:
		break;
	}
}

enum cw_status ytree_parse(struct config_ctx *c, const char *data, size_t len, struct ynode **root)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct builder b;
	int docs = 0;
	bool done = false;

	*root = NULL;
	memset(&b, 0, sizeof b);
	b.c = c;
	if (len > CONFIG_MAX_BYTES) {
		config_error(c, 1, 1, "the file is too large (%zu bytes); expected at most %d bytes", len,
		             CONFIG_MAX_BYTES);
		return CW_ERR_INVALID;
	}
	if (!yaml_parser_initialize(&parser)) {
		config_error(c, 1, 1, "cannot start the YAML parser; expected enough memory");
		return CW_ERR_NOMEM;
	}
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && !b.stopped) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser, data, len);
			break;
		}
		handle_event(&b, &ev, &docs);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	/* Unwind what a stop left open. */
	while (b.depth > 0) {
		struct frame *f = &b.stack[--b.depth];
		ytree_free(f->key);
		ytree_free(f->node);
	}
	if (b.stopped) {
		/* Half a tree would only add misleading "missing key" errors. */
		ytree_free(b.root);
		return CW_ERR_INVALID;
	}
	if (b.failed) {
		*root = b.root; /* still handed back, so later checks can run */
		return CW_ERR_INVALID;
	}
	*root = b.root;
	return CW_OK;
}
