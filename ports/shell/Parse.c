/* Parse: see Parse.h. Two steps: the lexer turns the line into words (quotes and
 * expansions done) and operators; the parser groups them into commands, pipelines and
 * the list. */
#include "Parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_WORD, T_PIPE, T_AND, T_OR, T_SEMI, T_IN, T_OUT, T_APPEND, T_ERR, T_ERR_APPEND, T_ERR_DUP, T_END } token_type;

typedef struct {
    token_type type;
    char* text; /* T_WORD only */
} token;

static const char* const g_spelling[] = { "word", "|", "&&", "||", ";", "<", ">", ">>", "2>", "2>>", "2>&1", "newline" };

typedef struct {
    char* text;
    size_t length, capacity;
    int failed;
} buffer;

static void put(buffer* b, char c)
{
    if (b->failed)
        return;
    if (b->length + 1 >= b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 32;
        char* bigger = realloc(b->text, capacity);
        if (!bigger) {
            b->failed = 1;
            return;
        }
        b->text = bigger;
        b->capacity = capacity;
    }
    b->text[b->length++] = c;
    b->text[b->length] = 0;
}

static int is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_operator_char(char c) { return c == '|' || c == '&' || c == ';' || c == '<' || c == '>'; }

/* Words keep their expansions unexpanded until the command runs (so `false; echo $?`
 * sees the status of `false`): "$NAME" is stored as MARK_START NAME MARK_END, and a word
 * with quotes in it ends with MARK_QUOTED (it stays a word even when it expands to
 * nothing). These bytes cannot appear in a line (the lexer refuses them). */
enum { MARK_START = 1, MARK_END = 2, MARK_QUOTED = 3 };

/* Encodes the $ at *p (p points at the '$') into b; advances *p past it. */
static void encode_expansion(const char** p, buffer* b)
{
    const char* s = *p + 1;
    const char* name = s;
    size_t n = 0;
    if (*s == '?') {
        n = 1;
        s += 1;
    } else if (*s == '{') {
        const char* end = s + 1;
        while (is_name_char(*end))
            ++end;
        if (*end != '}' || end == s + 1 || !is_name_start(s[1])) {
            put(b, '$'); /* not an expansion: a literal dollar */
            *p += 1;
            return;
        }
        name = s + 1;
        n = (size_t)(end - name);
        s = end + 1;
    } else if (is_name_start(*s)) {
        while (is_name_char(*s))
            ++s;
        n = (size_t)(s - name);
    } else {
        put(b, '$');
        *p += 1;
        return;
    }
    put(b, MARK_START);
    for (size_t i = 0; i < n; ++i)
        put(b, name[i]);
    put(b, MARK_END);
    *p = s;
}

int sh_expand(const char* raw, sh_lookup lookup, void* context, char** out)
{
    buffer b = { 0 };
    int quoted = 0;
    for (const char* p = raw; *p; ++p) {
        if (*p == MARK_QUOTED) {
            quoted = 1;
        } else if (*p == MARK_START) {
            const char* end = strchr(p, MARK_END);
            char name[128];
            size_t n = (size_t)(end - p - 1);
            if (n >= sizeof(name))
                n = sizeof(name) - 1;
            memcpy(name, p + 1, n);
            name[n] = 0;
            const char* value = lookup ? lookup(name, context) : 0;
            for (; value && *value; ++value)
                put(&b, *value);
            p = end;
        } else {
            put(&b, *p);
        }
    }
    if (b.failed) {
        free(b.text);
        return -1;
    }
    if (!b.text && quoted && !(b.text = calloc(1, 1)))
        return -1;
    *out = b.text; /* NULL: the word vanished */
    return 0;
}

typedef struct {
    token* items;
    int count, capacity;
} token_list;

static int add_token(token_list* list, token_type type, char* text)
{
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 16;
        token* bigger = realloc(list->items, sizeof(token) * (size_t)capacity);
        if (!bigger)
            return -1;
        list->items = bigger;
        list->capacity = capacity;
    }
    list->items[list->count++] = (token) { type, text };
    return 0;
}

static void free_tokens(token_list* list)
{
    for (int i = 0; i < list->count; ++i)
        free(list->items[i].text);
    free(list->items);
}

/* The operator at s, its length in *length; T_END if none. */
static token_type operator_at(const char* s, size_t* length)
{
    static const struct {
        const char* text;
        token_type type;
    } table[] = { { "2>&1", T_ERR_DUP }, { "2>>", T_ERR_APPEND }, { "2>", T_ERR }, { "&&", T_AND }, { "||", T_OR },
        { ">>", T_APPEND }, { "|", T_PIPE }, { ";", T_SEMI }, { "<", T_IN }, { ">", T_OUT } };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); ++i) {
        size_t n = strlen(table[i].text);
        if (strncmp(s, table[i].text, n) == 0) {
            *length = n;
            return table[i].type;
        }
    }
    return T_END;
}

static int lex(const char* line, token_list* out, char* error, size_t error_size)
{
    for (const char* c = line; *c; ++c) {
        if (*c == MARK_START || *c == MARK_END || *c == MARK_QUOTED) {
            snprintf(error, error_size, "control character %d in the line", *c);
            return -1;
        }
    }
    const char* p = line;
    for (;;) {
        while (is_blank(*p))
            ++p;
        if (!*p || *p == '#')
            break;
        size_t length = 0;
        token_type op = operator_at(p, &length);
        if (op != T_END) {
            if (add_token(out, op, 0) < 0)
                goto no_memory;
            p += length;
            continue;
        }
        if (*p == '&') {
            snprintf(error, error_size, "syntax error near `&' (no background jobs)");
            return -1;
        }
        buffer word = { 0 };
        int quoted = 0;
        while (*p && !is_blank(*p) && !is_operator_char(*p)) {
            if (*p == '\'') {
                quoted = 1;
                const char* close = strchr(p + 1, '\'');
                if (!close) {
                    snprintf(error, error_size, "unterminated quote");
                    free(word.text);
                    return -1;
                }
                for (++p; p < close; ++p)
                    put(&word, *p);
                p = close + 1;
            } else if (*p == '"') {
                quoted = 1;
                for (++p; *p != '"'; ) {
                    if (!*p) {
                        snprintf(error, error_size, "unterminated quote");
                        free(word.text);
                        return -1;
                    }
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$')) {
                        put(&word, p[1]);
                        p += 2;
                    } else if (*p == '$') {
                        encode_expansion(&p, &word);
                    } else {
                        put(&word, *p++);
                    }
                }
                ++p;
            } else if (*p == '\\') {
                quoted = 1;
                if (p[1]) {
                    put(&word, p[1]);
                    p += 2;
                } else {
                    ++p;
                }
            } else if (*p == '$') {
                encode_expansion(&p, &word);
            } else {
                put(&word, *p++);
            }
        }
        if (quoted)
            put(&word, MARK_QUOTED);
        if (word.failed || !word.text) {
            free(word.text);
            goto no_memory;
        }
        if (add_token(out, T_WORD, word.text) < 0) {
            free(word.text);
            goto no_memory;
        }
    }
    if (add_token(out, T_END, 0) < 0)
        goto no_memory;
    return 0;
no_memory:
    snprintf(error, error_size, "out of memory");
    return -1;
}

void sh_free(sh_list* list)
{
    for (int i = 0; i < list->count; ++i) {
        sh_pipeline* pipeline = &list->pipelines[i];
        for (int j = 0; j < pipeline->count; ++j) {
            sh_command* command = &pipeline->commands[j];
            for (int k = 0; k < command->argc; ++k)
                free(command->argv[k]);
            free(command->argv);
            for (int k = 0; k < command->redirect_count; ++k)
                free(command->redirects[k].path);
        }
        free(pipeline->commands);
    }
    free(list->pipelines);
    list->count = 0;
    list->pipelines = 0;
}

static int syntax_error(const token* at, char* error, size_t error_size)
{
    snprintf(error, error_size, "syntax error near `%s'", g_spelling[at->type]);
    return -1;
}

/* Parses one command starting at tokens[*i]; takes ownership of its words. */
static int parse_command(token* tokens, int* i, sh_command* command, char* error, size_t error_size)
{
    *command = (sh_command) { 0 };
    int capacity = 4;
    command->argv = malloc(sizeof(char*) * (size_t)capacity);
    if (!command->argv)
        goto no_memory;
    command->argv[0] = 0;
    for (;; ++*i) {
        token* t = &tokens[*i];
        if (t->type == T_WORD) {
            if (command->argc + 1 == capacity) {
                char** bigger = realloc(command->argv, sizeof(char*) * (size_t)(capacity *= 2));
                if (!bigger)
                    goto no_memory;
                command->argv = bigger;
            }
            command->argv[command->argc++] = t->text;
            command->argv[command->argc] = 0;
            t->text = 0;
        } else if (t->type == T_IN || t->type == T_OUT || t->type == T_APPEND || t->type == T_ERR
            || t->type == T_ERR_APPEND || t->type == T_ERR_DUP) {
            if (command->redirect_count == SH_MAX_REDIRECTS) {
                snprintf(error, error_size, "too many redirections");
                return -1;
            }
            sh_redirect* r = &command->redirects[command->redirect_count];
            *r = (sh_redirect) { .fd = t->type == T_IN ? 0 : (t->type == T_OUT || t->type == T_APPEND) ? 1 : 2,
                .append = t->type == T_APPEND || t->type == T_ERR_APPEND, .to_fd = -1 };
            if (t->type == T_ERR_DUP) {
                r->to_fd = 1;
            } else {
                token* target = &tokens[*i + 1];
                if (target->type != T_WORD)
                    return syntax_error(target, error, error_size);
                r->path = target->text;
                target->text = 0;
                ++*i;
            }
            ++command->redirect_count;
        } else {
            break;
        }
    }
    if (command->argc == 0)
        return syntax_error(&tokens[*i], error, error_size);
    return 0;
no_memory:
    snprintf(error, error_size, "out of memory");
    return -1;
}

static int parse_tokens(token* tokens, sh_list* out, char* error, size_t error_size)
{
    int i = 0;
    int capacity = 0;
    while (tokens[i].type != T_END) {
        if (out->count == capacity) {
            capacity = capacity ? capacity * 2 : 4;
            sh_pipeline* bigger = realloc(out->pipelines, sizeof(sh_pipeline) * (size_t)capacity);
            if (!bigger)
                goto no_memory;
            out->pipelines = bigger;
        }
        sh_pipeline* pipeline = &out->pipelines[out->count++];
        *pipeline = (sh_pipeline) { 0, 0, SH_THEN };
        int commands = 0;
        for (;;) {
            if (pipeline->count == commands) {
                commands = commands ? commands * 2 : 2;
                sh_command* bigger = realloc(pipeline->commands, sizeof(sh_command) * (size_t)commands);
                if (!bigger)
                    goto no_memory;
                pipeline->commands = bigger;
            }
            sh_command* command = &pipeline->commands[pipeline->count];
            int result = parse_command(tokens, &i, command, error, error_size);
            ++pipeline->count; /* counted even on failure, so sh_free frees its parts */
            if (result < 0)
                return -1;
            if (tokens[i].type != T_PIPE)
                break;
            ++i;
        }
        token_type joint = tokens[i].type;
        if (joint == T_END)
            break;
        if (joint != T_AND && joint != T_OR && joint != T_SEMI)
            return syntax_error(&tokens[i], error, error_size);
        pipeline->next = joint == T_AND ? SH_AND : joint == T_OR ? SH_OR : SH_THEN;
        ++i;
        /* `a &&` with nothing after is an error; `a ;` is fine. */
        if (tokens[i].type == T_END && joint != T_SEMI)
            return syntax_error(&tokens[i], error, error_size);
    }
    return 0;
no_memory:
    snprintf(error, error_size, "out of memory");
    return -1;
}

int sh_parse(const char* line, sh_list* out, char* error, size_t error_size)
{
    *out = (sh_list) { 0 };
    token_list tokens = { 0 };
    int result = lex(line, &tokens, error, error_size);
    if (result == 0)
        result = parse_tokens(tokens.items, out, error, error_size);
    free_tokens(&tokens);
    if (result < 0)
        sh_free(out);
    return result;
}
