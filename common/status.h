// Status and Expected<T>: expected failures (I/O, parsing, network) travel as values that carry
// a readable message, never as exceptions across a frame. Emscripten 3.1.6's libc++ has no
// std::expected, hence this small type of our own.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace idekort {

// What went wrong, in words an administrator can act on. `where` names the file, field or
// line, so that a message can say where to look ("assets/strings/da.strings:12").
struct Error {
    std::string message;
    std::string where;

    std::string describe() const { return where.empty() ? message : where + ": " + message; }
};

template <typename T>
class Expected {
public:
    Expected(T value) : m_value(std::move(value)) {}
    Expected(Error error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { assert(ok()); return *m_value; }
    T& value() & { assert(ok()); return *m_value; }
    T&& value() && { assert(ok()); return std::move(*m_value); }
    const Error& error() const { assert(!ok()); return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

// Expected<void>: success, or an Error.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_failed(true) {}
    static Status success() { return {}; }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { assert(m_failed); return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace idekort
