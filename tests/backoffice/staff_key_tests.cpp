// tests/backoffice/staff_key_tests.cpp — staff key files (shared/staff/staff_key_file.hpp invariants 1-3) and
// staff names and roles: a real file on disk, opened with the right passphrase and refused with a clear
// error for a wrong one, a file readable by others, a damaged or crafted file; keys cross-checked with libzmq.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <zmq.h>

#include <fstream>

#include "shared/staff/staff.hpp"
#include "shared/staff/staff_key_file.hpp"
#include "tests/sync/sync_test_support.hpp"

using namespace jiebang;
using namespace jiebang::backoffice;
using jiebang::sync::test::read_file;
using jiebang::sync::test::TempDir;

namespace {

const std::string passphrase = "县科技局 审核 2026";

void write_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    chmod(file.c_str(), 0600);
}

std::string replace_line(const std::string& content, const std::string& name, const std::string& value) {
    const auto start = content.find("\n" + name + " ") + 1;
    const auto end = content.find('\n', start);
    return content.substr(0, start) + name + " " + value + content.substr(end);
}

}  // namespace

TEST_CASE("Z85 keys: the RFC 32 example and libzmq agree with ours") {
    std::array<unsigned char, 32> key{};
    const unsigned char hello[8] = {0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B};
    std::copy(std::begin(hello), std::end(hello), key.begin());
    CHECK(z85_encode_key(key) == "HelloWorld" + std::string(30, '0'));
    CHECK(z85_decode_key(z85_encode_key(key)) == key);
    CHECK_FALSE(z85_decode_key("HelloWorld").has_value());
    CHECK_FALSE(z85_decode_key(std::string(39, '0') + "~").has_value());
    CHECK_FALSE(z85_decode_key(std::string(40, '#')).has_value());  // 85^5 - 1 > 2^32 - 1

    // A generated pair: libzmq derives the same public key from the secret.
    auto pair = generate_curve_key_pair();
    char derived[41] = {};
    REQUIRE(zmq_curve_public(derived, pair.secret_key.c_str()) == 0);
    CHECK(pair.public_key == derived);
}

TEST_CASE("staff key file: written 0600 and opened with the passphrase gives the same key pair") {
    TempDir temp;
    const auto file = temp / "reviewer.key";
    auto pair = generate_curve_key_pair();
    REQUIRE(write_staff_key_file(file, "staff-0001", "reviewer", pair, passphrase).ok());
    struct stat information {};
    REQUIRE(stat(file.c_str(), &information) == 0);
    CHECK((information.st_mode & 0777) == 0600);
    const std::string content = read_file(file);
    CHECK(content.rfind("jiebang-staff-key-v1\nstaff_id staff-0001\nrole reviewer\npublic_key ", 0) == 0);
    CHECK(content.find(pair.secret_key) == std::string::npos);  // never unsealed on disk

    auto header = read_staff_key_file_header(file);
    REQUIRE(header.ok());
    CHECK(header->staff_id == "staff-0001");
    CHECK(header->public_key == pair.public_key);
    auto opened = open_staff_key_file(file, passphrase);
    REQUIRE(opened.ok());
    CHECK(opened->keys.public_key == pair.public_key);
    CHECK(opened->keys.secret_key == pair.secret_key);
    CHECK(opened->header.role == "reviewer");

    // Never overwritten.
    auto again = write_staff_key_file(file, "staff-0002", "admin", generate_curve_key_pair(), passphrase);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "staff_key.exists");
    CHECK(read_file(file) == content);
}

TEST_CASE("staff key file: a wrong passphrase is a clear error and gives no key") {
    TempDir temp;
    const auto file = temp / "key";
    REQUIRE(write_staff_key_file(file, "staff-0001", "reviewer", generate_curve_key_pair(), passphrase).ok());
    for (const std::string& wrong : {std::string(""), std::string("县科技局 审核 2025"), passphrase + " "}) {
        auto opened = open_staff_key_file(file, wrong);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "staff_key.wrong_passphrase");
        CHECK(opened.error().field == file.string());
    }
}

TEST_CASE("staff key file: readable by others, damaged or crafted files are refused by name") {
    TempDir temp;
    const auto file = temp / "key";
    auto pair = generate_curve_key_pair();
    REQUIRE(write_staff_key_file(file, "staff-0001", "reviewer", pair, passphrase).ok());
    const std::string good = read_file(file);

    chmod(file.c_str(), 0644);
    CHECK(open_staff_key_file(file, passphrase).error().code == "staff_key.permissions");
    chmod(file.c_str(), 0600);

    auto refused = [&](const std::string& content) {
        write_text(file, content);
        auto opened = open_staff_key_file(file, passphrase);
        REQUIRE_FALSE(opened.ok());
        return opened.error();
    };
    CHECK(refused(good.substr(0, good.size() - 1)).code == "staff_key.malformed");  // no final newline
    CHECK(refused(good + "extra line\n").code == "staff_key.malformed");
    CHECK(refused("jiebang-staff-key-v2" + good.substr(20)).field == "format");
    CHECK(refused(replace_line(good, "kdf", "argon2id13 2 68719476736")).field == "kdf");  // 64 GiB
    CHECK(refused(replace_line(good, "kdf", "argon2id13 999999 67108864")).field == "kdf");
    CHECK(refused(replace_line(good, "kdf", "scrypt 2 67108864")).field == "kdf");
    CHECK(refused(replace_line(good, "salt", "00")).field == "salt");
    CHECK(refused(replace_line(good, "public_key", "not a key")).field == "public_key");
    CHECK(refused(std::string(5000, 'x')).code == "staff_key.malformed");
    // Another member's public key with this secret: the pair does not match.
    CHECK(refused(replace_line(good, "public_key", generate_curve_key_pair().public_key)).code ==
          "staff_key.inconsistent");
    // One flipped bit of the sealed secret: the box does not open.
    std::string flipped = good;
    const auto at = flipped.find("sealed_secret ") + 20;
    flipped[at] = flipped[at] == '0' ? '1' : '0';
    CHECK(refused(flipped).code == "staff_key.wrong_passphrase");
    CHECK(open_staff_key_file(temp / "missing", passphrase).error().code == "staff_key.cannot_read");
}

TEST_CASE("passphrases and names: weak passphrases and bad names are refused") {
    CHECK(check_new_passphrase("1234567").error().code == "staff_key.weak_passphrase");
    CHECK(check_new_passphrase("审核员的密码八个字").ok());  // 9 characters, 27 bytes
    CHECK(check_new_passphrase(std::string("abcdefgh\xff")).error().code == "staff_key.bad_passphrase");
    CHECK(check_new_passphrase(std::string(1025, 'a')).error().code == "staff_key.bad_passphrase");
    TempDir temp;
    CHECK(
        write_staff_key_file(temp / "k", "s", "reviewer", generate_curve_key_pair(), "short").error().code ==
        "staff_key.weak_passphrase");
    CHECK_FALSE(std::filesystem::exists(temp / "k"));

    CHECK(check_staff_name("李明").ok());
    CHECK(check_staff_name("").error().code == "staff.bad_name");
    CHECK(check_staff_name("a\nb").error().code == "staff.bad_name");
    CHECK(check_staff_name(std::string(65, 'a')).error().code == "staff.bad_name");
    CHECK(role_from_name("reviewer") == Role::Reviewer);
    CHECK_FALSE(role_from_name("Reviewer").has_value());
    CHECK(review_actor(Role::Publisher) == review::Actor::Publisher);
    for (Role role : {Role::Reviewer, Role::Publisher, Role::Auditor, Role::Admin})
        CHECK(role_from_name(role_name(role)) == role);
}
