// Input errors: what is wrong, where (file and JSON path), what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace mwaa {

class InputError : public std::runtime_error {
 public:
  // file: the input file ("" when not from a file); path: a JSON pointer-like
  // location such as "workload.dags[3].tasks[0].pool" ("" for the whole file).
  InputError(std::string file, std::string path, std::string message)
      : std::runtime_error(compose(file, path, message)), file_(std::move(file)), path_(std::move(path)),
        message_(std::move(message)) {}
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }

 private:
  static std::string compose(const std::string& file, const std::string& path, const std::string& message) {
    std::string out = file.empty() ? std::string("input") : file;
    if (!path.empty()) out += ": " + path;
    return out + ": " + message;
  }
  std::string file_, path_, message_;
};

}  // namespace mwaa
