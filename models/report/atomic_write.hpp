// Writes output files whole or not at all.
//
// Each content goes to "<target>.tmp.<pid>" in the target's directory, is
// flushed to disk, and only when every file of the call is complete are they
// renamed over their targets. rename(2) within one file system is atomic, so
// a reader (or a crash, or a full disk) never sees a half-written export, and
// an existing file is replaced only once the new one is complete. The pid
// suffix keeps concurrent runs writing the same path from sharing a temp file.
// SIGINT/SIGTERM/SIGHUP/SIGQUIT are held back in the calling thread while
// temp files exist, so a Ctrl-C cannot leave one behind.
//
// The target: a symlink is followed (the file it points to is replaced, the
// link stays); an existing target that is not a regular file (/dev/null, a
// terminal, a FIFO, /dev/stdout) is written to directly, since it cannot be
// renamed over; that write is not atomic and is done last, without holding
// signals back (a FIFO with no reader must stay interruptible).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mwaa {

// Throws std::runtime_error("cannot write <path>: <strerror>") on any failure,
// after removing its temporary files; the regular-file targets are then left
// as they were (all renamed, or none).
void write_file_atomically(const std::string& path, std::string_view content);
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace mwaa
