// shared/domain/sodium_ready.hpp — makes sure libsodium is initialised before its CSPRNG or crypto is used
// (internal to the core). sodium_init() is idempotent and thread-safe; a failure means the process has no
// usable randomness, which no caller could recover from, so it aborts rather than hand out weak ids or keys.
#pragma once

#include <sodium.h>

#include <cstdlib>

namespace jiebang::detail {

inline void ensure_sodium_ready() {
    static const bool ready = [] { return sodium_init() >= 0; }();
    if (!ready)
        std::abort();
}

}  // namespace jiebang::detail
