// Writes an output file whole or not at all.
//
// The content goes to "<path>.tmp.<pid>" in the same directory, is flushed to
// disk, then renamed over <path>. rename(2) within one file system is atomic,
// so a reader (or a crash, or a full disk) never sees a half-written export,
// and an existing file is replaced only once the new one is complete. The pid
// suffix keeps concurrent runs writing the same path from sharing a temp file.
// SIGINT/SIGTERM/SIGHUP/SIGQUIT are held back in the calling thread while the
// temp file exists, so a Ctrl-C cannot leave it behind.
#pragma once

#include <string>
#include <string_view>

namespace mwaa {

// Throws std::runtime_error("cannot write <path>: <strerror>") on any failure,
// after removing its temporary file; <path> is then left as it was.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace mwaa
