// ProcFs: /proc, one directory per process, and /proc/self. Layer: proc (on fs).
//
//   /proc/<pid>/ctl      commands, one script per write (lib/CtlParser grammar):
//                          dup2 A B          descriptor B of the process becomes A's file
//                          close A [B]       closes A..B; B = -1: through the last one
//                          start             runs a process spawned suspended
//                          kill [reason]     ends it with status "kill [reason]"
//                          bind PATH FD      shows its descriptor FD at PATH in its namespace
//                          mount PATH TYPE   mounts a new instance of TYPE (tmpfs) at PATH
//                          setns PID         makes it share PID's namespace (suspended only)
//                          prio N            nice value -20..19 for threads started later
//   /proc/<pid>/env/     one file per environment variable (Environment.hpp)
//   /proc/<pid>/wait     read blocks until exit and returns the status; pollable
//   /proc/<pid>/note     a write posts a note (Notes.hpp)
//   /proc/<pid>/status   "state running|suspended|exited" and "resident PAGES"
//   /proc/<pid>/cmdline  the arguments, each followed by NUL
//   /proc/<pid>/cwd      the working directory's path
//   /proc/self           a symbolic link to the caller's own directory
//
// A process's directory appears when it is created and goes when it is reaped; the files
// find their process by pid at each use, so one held open after the reap fails with
// NotFound instead of touching freed memory.
#pragma once

#include <lib/Result.hpp>

#include "Process.hpp"

namespace ts::proc {

// Builds /proc and mounts it in the kernel namespace (which processes copy).
Result<void> procfs_init();
Result<void> procfs_add(Process& process);
void procfs_remove(Pid pid);

} // namespace ts::proc
