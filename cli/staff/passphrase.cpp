// cli/staff/passphrase.cpp — reading a passphrase from JIEBANG_PASSPHRASE or /dev/tty without echo.
#include "cli/staff/passphrase.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace jiebang::cli {

namespace {

Result<std::string> ask(int terminal, const std::string& prompt) {
    if (::write(terminal, prompt.data(), prompt.size()) < 0)
        return Error("staff.no_passphrase", "tty", "cannot write to the terminal");
    termios saved{};
    const bool is_terminal = tcgetattr(terminal, &saved) == 0;
    if (is_terminal) {
        termios quiet = saved;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        tcsetattr(terminal, TCSAFLUSH, &quiet);
    }
    std::string line;
    char character = 0;
    while (::read(terminal, &character, 1) == 1 && character != '\n') {
        if (line.size() >= 4096)
            break;
        line.push_back(character);
    }
    if (is_terminal)
        tcsetattr(terminal, TCSAFLUSH, &saved);
    if (::write(terminal, "\n", 1) < 0) {
        // Only cosmetic: the answer was read.
    }
    character = 0;
    return line;
}

}  // namespace

Result<std::string> read_passphrase(const std::string& prompt, bool confirm, const char* variable) {
    if (const char* from_environment = std::getenv(variable); from_environment != nullptr)
        return std::string(from_environment);
    const int terminal = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (terminal < 0) {
        return Error("staff.no_passphrase", variable,
                     std::string("no terminal to ask the passphrase on; set ") + variable);
    }
    auto first = ask(terminal, prompt);
    if (!first || !confirm) {
        ::close(terminal);
        return first;
    }
    auto second = ask(terminal, "again: ");
    ::close(terminal);
    if (!second)
        return second;
    const bool same = first.value() == second.value();
    sodium_memzero(second.value().data(), second.value().size());
    if (!same) {
        sodium_memzero(first.value().data(), first.value().size());
        return Error("staff.passphrase_mismatch", "passphrase", "the two passphrases differ");
    }
    return first;
}

}  // namespace jiebang::cli
