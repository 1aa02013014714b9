/* ParseTest: the shell's parser (ports/shell/Parse.c) on the host. Each case parses a
 * line and compares a canonical rendering of the result (or the error) with what the
 * language says it must be. Exits 1 if any case fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Parse.h"

static int g_failures, g_cases;

static const char* lookup(const char* name, void* context)
{
    (void)context;
    if (!strcmp(name, "HOME"))
        return "/home";
    if (!strcmp(name, "?"))
        return "exit 1";
    if (!strcmp(name, "EMPTY"))
        return "";
    if (!strcmp(name, "SPACED"))
        return "a b";
    return 0;
}

/* A word as it will run (sh_expand); "(gone)" when it vanishes. Leaks nothing: the
 * rendering copies it into a static buffer. */
static const char* expanded(const char* word)
{
    static char text[256];
    char* out;
    if (sh_expand(word, lookup, 0, &out) < 0)
        return "(out of memory)";
    if (!out)
        return 0;
    snprintf(text, sizeof(text), "%s", out);
    free(out);
    return text;
}

/* Renders a list as: pipelines joined by " ; ", " && ", " || "; commands by " | ";
 * each word in [brackets] as it expands (a vanished word is left out); redirections as
 * <path >path >>path 2>path 2>>path 2>&1. */
static void render(const sh_list* list, char* out, size_t size)
{
    size_t used = 0;
#define EMIT(...) used += (size_t)snprintf(out + used, used < size ? size - used : 0, __VA_ARGS__)
    out[0] = 0;
    for (int i = 0; i < list->count; ++i) {
        const sh_pipeline* p = &list->pipelines[i];
        for (int j = 0; j < p->count; ++j) {
            const sh_command* c = &p->commands[j];
            if (j)
                EMIT(" | ");
            int shown = 0;
            for (int k = 0; k < c->argc; ++k) {
                const char* word = expanded(c->argv[k]);
                if (word)
                    EMIT("%s[%s]", shown++ ? " " : "", word);
            }
            if (c->argv[c->argc] != 0)
                EMIT(" ARGV-NOT-TERMINATED");
            for (int k = 0; k < c->redirect_count; ++k) {
                const sh_redirect* r = &c->redirects[k];
                if (r->to_fd >= 0)
                    EMIT(" %d>&%d", r->fd, r->to_fd);
                else
                    EMIT(" %s%s%s", r->fd == 2 ? "2" : "", r->fd == 0 ? "<" : r->append ? ">>" : ">", expanded(r->path));
            }
        }
        if (i + 1 < list->count)
            EMIT("%s", p->next == SH_AND ? " && " : p->next == SH_OR ? " || " : " ; ");
    }
#undef EMIT
}

static void expect(const char* line, const char* want)
{
    ++g_cases;
    sh_list list;
    char error[128] = "", got[1024];
    if (sh_parse(line, &list, error, sizeof(error)) < 0) {
        snprintf(got, sizeof(got), "error: %s", error);
        if (list.count != 0 || list.pipelines != 0) {
            printf("FAIL: %s: a failed parse left a non-empty list\n", line);
            ++g_failures;
        }
    } else {
        render(&list, got, sizeof(got));
        sh_free(&list);
    }
    if (strcmp(got, want) != 0) {
        printf("FAIL: parse(%s)\n   got: %s\n  want: %s\n", line, got, want);
        ++g_failures;
    }
}

int main(void)
{
    /* Words, blanks and comments. */
    expect("", "");
    expect("   \t ", "");
    expect("# only a comment", "");
    expect("echo hello   world", "[echo] [hello] [world]");
    expect("echo a#b # comment", "[echo] [a#b]");
    /* Quoting and escapes. */
    expect("echo 'a  b' \"c  d\"", "[echo] [a  b] [c  d]");
    expect("echo 'it''s' x\\ y", "[echo] [its] [x y]");
    expect("echo \"say \\\"hi\\\" \\\\ \\$HOME\"", "[echo] [say \"hi\" \\ $HOME]");
    expect("echo '' \"\"", "[echo] [] []");
    expect("echo 'a|b' \"c>d\" e\\|f", "[echo] [a|b] [c>d] [e|f]");
    /* Expansion. */
    expect("echo $HOME ${HOME}/x \"$HOME\" '$HOME'", "[echo] [/home] [/home/x] [/home] [$HOME]");
    expect("echo $? \"$?\"", "[echo] [exit 1] [exit 1]"); /* never split */
    expect("echo $SPACED", "[echo] [a b]");
    expect("echo $UNSET x", "[echo] [x]");
    expect("echo \"$UNSET\" x", "[echo] [] [x]");
    expect("echo $EMPTY", "[echo]");
    expect("echo $ $1 ${ ${}", "[echo] [$] [$1] [${] [${}]");
    expect("echo pre$HOME.post", "[echo] [pre/home.post]");
    /* Pipes, joints and redirections. */
    expect("a | b | c", "[a] | [b] | [c]");
    expect("a|b", "[a] | [b]");
    expect("a && b || c ; d", "[a] && [b] || [c] ; [d]");
    expect("a ;", "[a]");
    expect("cat < in > out", "[cat] <in >out");
    expect("cat >> log 2> err 2>> errs", "[cat] >>log 2>err 2>>errs");
    expect("cmd 2>&1 | tail", "[cmd] 2>&1 | [tail]");
    expect("echo 2 >x 12>y", "[echo] [2] [12] >x >y");
    expect(">out echo hi", "[echo] [hi] >out");
    expect("echo a>b", "[echo] [a] >b");
    /* Errors. */
    expect("| cat", "error: syntax error near `|'");
    expect("echo a |", "error: syntax error near `newline'");
    expect("echo a | | b", "error: syntax error near `|'");
    expect("a && && b", "error: syntax error near `&&'");
    expect("a &&", "error: syntax error near `newline'");
    expect("; a", "error: syntax error near `;'");
    expect("cat <", "error: syntax error near `newline'");
    expect("cat > | x", "error: syntax error near `|'");
    expect("echo \"open", "error: unterminated quote");
    expect("echo 'open", "error: unterminated quote");
    expect("sleep 1 &", "error: syntax error near `&' (no background jobs)");
    expect("a < 1 < 2 < 3 < 4 < 5 < 6 < 7 < 8 < 9", "error: too many redirections");
    expect("echo \001x", "error: control character 1 in the line");
    /* Expansion happens per word, from the raw form the parser keeps. */
    expect("echo $HOME$HOME '$HOME'$HOME", "[echo] [/home/home] [$HOME/home]");
    expect("$EMPTY echo x", "[echo] [x]");

    /* Robustness: every prefix of a tricky line parses or fails cleanly (the sanitizers
     * watch for out-of-bounds reads and leaks). */
    const char* tricky = "a 'b c' \"d $HOME ${X} \\\" e\" f\\ g | h < i > j 2>&1 && k || l ; m";
    char prefix[256];
    for (size_t n = 0; n <= strlen(tricky); ++n) {
        memcpy(prefix, tricky, n);
        prefix[n] = 0;
        sh_list list;
        char error[128];
        ++g_cases;
        if (sh_parse(prefix, &list, error, sizeof(error)) == 0)
            sh_free(&list);
        else if (!error[0]) {
            printf("FAIL: prefix %zu failed without a message\n", n);
            ++g_failures;
        }
    }
    printf("shell parse: %d cases, %d failed\n", g_cases, g_failures);
    return g_failures ? 1 : 0;
}
