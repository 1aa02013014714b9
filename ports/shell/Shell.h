/* The shell's parts: Parse (the language), Run (pipelines and redirections), Shell
 * (the read loop, history and builtins). */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include "Parse.h"

/* The status of the last pipeline, as Tessera writes exit statuses ("ok", "exit 1", or
 * the note that killed the process). */
extern char g_last_status[256];

/* Who gets the console's ^C when no command runs: the interactive shell itself (its
 * pid), or 0 (nobody) for a script. */
extern long g_idle_interrupt_target;

/* Runs a parsed line: each pipeline after the previous one as its joint says. */
void run_list(const sh_list* list);

/* A builtin by name, or NULL. Builtins run in the shell itself (they can change its
 * state) with the redirections applied to what they print. */
typedef int (*builtin_fn)(int argc, char** argv, int out, int err);
builtin_fn find_builtin(const char* name);

/* The variables words expand to: the environment, and ? for g_last_status. */
const char* shell_lookup(const char* name, void* context);

/* Writes text to a descriptor, whole. */
void say(int fd, const char* text);

#endif
