// kiosk/keyboard/font_characters.cpp — character maps of the configured faces (see font_characters.hpp).
#include "kiosk/keyboard/font_characters.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <imstb_truetype.h>

namespace jiebang::kiosk {

namespace {

// One font file mapped read-only while its character map is read.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& file) {
        const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0)
            return;
        struct stat status {};
        if (::fstat(descriptor, &status) == 0 && status.st_size > 0) {
            void* address = ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_PRIVATE,
                                   descriptor, 0);
            if (address != MAP_FAILED) {
                address_ = address;
                size_ = static_cast<std::size_t>(status.st_size);
            }
        }
        ::close(descriptor);
    }
    ~MappedFile() {
        if (address_ != nullptr)
            ::munmap(address_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    const unsigned char* data() const { return static_cast<const unsigned char*>(address_); }
    bool mapped() const { return address_ != nullptr; }

  private:
    void* address_ = nullptr;
    std::size_t size_ = 0;
};

Result<std::vector<input::CodePointRange>> face_ranges(const platform::FontFace& face) {
    MappedFile file(face.file);
    if (!file.mapped())
        return Error("fonts.read", face.file.string(), "cannot map the font file");
    const int offset = stbtt_GetFontOffsetForIndex(file.data(), face.face_index);
    stbtt_fontinfo info{};
    if (offset < 0 || stbtt_InitFont(&info, file.data(), offset) == 0)
        return Error("fonts.read", face.file.string(), "not a font, or no such face in the collection");
    std::vector<input::CodePointRange> ranges;
    for (char32_t code_point = 0x20; code_point <= 0xFFFF; ++code_point) {
        if (code_point >= 0xD800 && code_point <= 0xDFFF)
            continue;
        if (stbtt_FindGlyphIndex(&info, static_cast<int>(code_point)) == 0)
            continue;
        if (!ranges.empty() && ranges.back().second + 1 == code_point) {
            ranges.back().second = code_point;
        } else {
            ranges.emplace_back(code_point, code_point);
        }
    }
    return ranges;
}

// The code points in both sorted, merged range lists.
std::vector<input::CodePointRange> intersect(const std::vector<input::CodePointRange>& first,
                                             const std::vector<input::CodePointRange>& second) {
    std::vector<input::CodePointRange> both;
    std::size_t left = 0, right = 0;
    while (left < first.size() && right < second.size()) {
        const char32_t low = std::max(first[left].first, second[right].first);
        const char32_t high = std::min(first[left].second, second[right].second);
        if (low <= high)
            both.emplace_back(low, high);
        if (first[left].second < second[right].second) {
            ++left;
        } else {
            ++right;
        }
    }
    return both;
}

}  // namespace

Result<input::FontCharacters> read_font_characters(const std::vector<platform::FontFace>& faces) {
    // Faces share files (regular and bold, each at several sizes): read each file and face once.
    std::map<std::pair<std::filesystem::path, int>, std::vector<input::CodePointRange>> read;
    std::optional<std::vector<input::CodePointRange>> common;
    for (const platform::FontFace& face : faces) {
        if (!face.asset_text)
            continue;
        const auto key = std::pair{face.file, face.face_index};
        auto found = read.find(key);
        if (found == read.end()) {
            auto ranges = face_ranges(face);
            if (!ranges)
                return ranges.error();
            found = read.emplace(key, std::move(*ranges)).first;
        }
        common = common ? intersect(*common, found->second) : found->second;
    }
    if (!common)
        return input::FontCharacters();
    return input::FontCharacters(std::move(*common));
}

}  // namespace jiebang::kiosk
