// LocalSocketFs: /net/local, where local sockets are made and shown. Layer: ipc (calls
// LocalSocket, the fs objects and the VFS, and proc for the caller's namespace).
//
//   /net                     "netfs", a synthetic file system mounted at boot
//   /net/local/seqpacket     opening one of these makes a socket; reading the opened file
//   /net/local/stream        gives its id ("7\n"); the socket lives while that file, or a
//   /net/local/dgram         file of its directory, is open
//   /net/local/<id>/         the socket: data, ctl, accept
//
// Visibility. /net/local itself answers every canonical decimal name (no leading zero)
// with one shared empty placeholder directory, so /net/local/<id> always exists and
// /net/local/<id>/data never does through it. Making socket <id> MOUNTS the socket's own
// directory on /net/local/<id> in the creator's namespace (its process's; the kernel
// namespace for kernel threads). A namespace copied from that one afterwards inherits the
// mount; one copied before, or a sibling's, does not, and sees only the placeholder. When
// the socket dies, the mount is removed from the creator's namespace and the placeholder
// dentry it sat on is dropped from the dentry cache, so copies that inherited the mount
// stop reaching it too (their Mount objects linger, empty, until those namespaces go).
//
// The files of /net/local/<id>/ (all count as open files of the socket):
//   data    read and write the payload (LocalSocket::read/write; :nonblock honoured);
//           poll: see LocalSocket::poll. On a listener, POLL_READ means a connection is
//           waiting, so a server can poll for connections through its data file.
//   ctl     the shared ctl parser (CtlFile): `bind NAME`, `listen [BACKLOG]` (1..128,
//           default 16), `connect NAME`.
//   accept  opening it waits for a connection and the opened file is the new
//           connection's data file (read, write, poll as data); :nonblock makes the
//           open fail with WouldBlock when none waits. The accept file counts on the
//           listener only while it waits; afterwards it counts on the connection.
#pragma once

#include <fs/File.hpp>
#include <fs/Mount.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>

#include "LocalSocket.hpp"

namespace ts::ipc {

// Mounts /net (creating the directory in the kernel namespace's root) with /net/local.
// Runs at boot, before init, so every namespace copied from the kernel's has it.
Result<void> local_sockets_init();

// Makes a socket of `type` shown at /net/local/<id>/ in `ns` and opens its creator file
// (what opening /net/local/<type> gives: reading it returns the id), which holds the
// socket alive. For kernel code and tests that need a namespace other than the caller's.
// The file has no location (no path reaches it).
Result<NonnullRefPtr<fs::File>> create_local_socket(LocalSocketType type, fs::Namespace& ns);

} // namespace ts::ipc
