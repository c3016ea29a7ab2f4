// tests/sync/vectors/generate_vectors.cpp — jiebang_jbsp_vectors: writes the JBSP/1 test vectors and the
// decoder fuzzer's seed corpus from the real codec and core (tests/sync/vectors/jbsp_vectors.hpp).
//   jiebang_jbsp_vectors --vectors tests/sync/vectors/jbsp1-vectors.json --corpus tests/sync/fuzz/corpus
// Run it from the repository after a deliberate change of the wire format or of an encoding, review the diff
// (a changed byte is a protocol change: docs/protocol.md must say so) and commit the files;
// tests/sync/vectors_tests.cpp fails while the committed files differ from what this program writes.
// The corpus folder is made to hold exactly the generated seeds (stale files are removed).
// Exit codes: 0 written, 1 a file could not be written, 2 bad command line.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

#include "tests/sync/vectors/jbsp_vectors.hpp"

namespace {
bool write_file(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) {
        std::cerr << "jiebang_jbsp_vectors: cannot write " << file.string() << "\n";
        return false;
    }
    return true;
}
}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path vectors_file;
    std::filesystem::path corpus_directory;
    for (int index = 1; index + 1 < argc; index += 2) {
        const std::string flag = argv[index];
        if (flag == "--vectors") {
            vectors_file = argv[index + 1];
        } else if (flag == "--corpus") {
            corpus_directory = argv[index + 1];
        } else {
            break;
        }
    }
    if (vectors_file.empty() || corpus_directory.empty() || argc != 5) {
        std::cerr << "usage: jiebang_jbsp_vectors --vectors FILE --corpus DIRECTORY\n";
        return 2;
    }
    if (!write_file(vectors_file, jiebang::sync::vectors::vectors_json()))
        return 1;
    std::error_code error;
    std::filesystem::create_directories(corpus_directory, error);
    std::set<std::string> names;
    for (const auto& [name, bytes] : jiebang::sync::vectors::seed_corpus()) {
        names.insert(name);
        if (!write_file(corpus_directory / name, bytes))
            return 1;
    }
    for (const auto& entry : std::filesystem::directory_iterator(corpus_directory, error)) {
        if (names.count(entry.path().filename().string()) == 0)
            std::filesystem::remove(entry.path(), error);
    }
    std::cout << "wrote " << vectors_file.string() << " and " << names.size() << " seeds in "
              << corpus_directory.string() << "\n";
    return 0;
}
