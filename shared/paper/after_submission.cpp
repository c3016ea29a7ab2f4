// shared/paper/after_submission.cpp — reading a profile's "after_submission" section strictly (see the header's
// invariants 1-3). Keys starting with "_" are comments; any other unknown key is refused, so a typo can never
// silently drop an instruction.
//
// Index:
//   [SECTION] JSON reading with key paths
//   [SECTION] section parts
//   [SECTION] loading
#include "shared/paper/after_submission.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "shared/domain/strict_json.hpp"

namespace jiebang {

const Bureau* AfterSubmissionPolicy::county_bureau(std::string_view admin_code) const {
    for (const Bureau& bureau : county_bureaus) {
        if (bureau.county_admin_code == admin_code)
            return &bureau;
    }
    return nullptr;
}

namespace {

using Json = strict_json::Json;

// [SECTION] JSON reading with key paths

struct SectionFailure {
    Error error;
};

class SectionReader {
  public:
    explicit SectionReader(std::string file_name) : file_name_(std::move(file_name)) {}

    [[noreturn]] void fail(const std::string& code, const std::string& path,
                           const std::string& reason) const {
        throw SectionFailure{Error(code, path, file_name_ + ": " + path + ": " + reason)
                                 .with("file", file_name_)
                                 .with("key", path)
                                 .with("reason", reason)};
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
    static std::string index(const std::string& path, std::size_t position) {
        return path + "[" + std::to_string(position) + "]";
    }

    void only_keys(const Json& object, const std::string& path,
                   std::initializer_list<std::string_view> allowed) const {
        expect_object(object, path);
        for (const auto& [key, value] : object.items()) {
            if (!key.empty() && key.front() == '_')
                continue;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                fail("profile.unknown_key", join(path, key), "unknown key");
        }
    }
    void expect_object(const Json& value, const std::string& path) const {
        if (!value.is_object())
            fail("profile.wrong_type", path, "expected an object");
    }
    const Json& member(const Json& object, const std::string& path, std::string_view key) const {
        expect_object(object, path);
        const auto found = object.find(std::string(key));
        if (found == object.end())
            fail("profile.missing_key", join(path, key), "missing");
        return *found;
    }
    const Json* optional_member(const Json& object, const std::string& path, std::string_view key) const {
        expect_object(object, path);
        const auto found = object.find(std::string(key));
        return found == object.end() ? nullptr : &*found;
    }
    std::string text(const Json& object, const std::string& path, std::string_view key) const {
        const Json& value = member(object, path, key);
        if (!value.is_string())
            fail("profile.wrong_type", join(path, key), "expected a string");
        return value.get<std::string>();
    }
    bool boolean(const Json& object, const std::string& path, std::string_view key) const {
        const Json& value = member(object, path, key);
        if (!value.is_boolean())
            fail("profile.wrong_type", join(path, key), "expected true or false");
        return value.get<bool>();
    }
    int integer(const Json& object, const std::string& path, std::string_view key, int minimum,
                int maximum) const {
        const Json& value = member(object, path, key);
        if (!strict_json::is_int64(value))
            fail("profile.wrong_type", join(path, key), "expected a whole number");
        const std::int64_t number = value.get<std::int64_t>();
        if (number < minimum || number > maximum) {
            fail("profile.invalid_value", join(path, key),
                 "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum));
        }
        return static_cast<int>(number);
    }
    // {"zh": "...", "en": "..."}; `require_chinese` refuses an empty Chinese text.
    LocalText local_text(const Json& object, const std::string& path, std::string_view key,
                         bool require_chinese) const {
        const std::string text_path = join(path, key);
        const Json& value = member(object, path, key);
        only_keys(value, text_path, {"zh", "en"});
        LocalText local{text(value, text_path, "zh"), text(value, text_path, "en")};
        if (require_chinese && local.chinese.empty())
            fail("profile.invalid_value", join(text_path, "zh"), "must not be empty");
        if (local.chinese.empty() != local.english.empty())
            fail("profile.invalid_value", text_path, "give both languages or neither");
        return local;
    }
    const Json& list(const Json& object, const std::string& path, std::string_view key) const {
        const Json& value = member(object, path, key);
        if (!value.is_array())
            fail("profile.wrong_type", join(path, key), "expected a list");
        return value;
    }
    std::vector<std::string> text_list(const Json& object, const std::string& path,
                                       std::string_view key) const {
        std::vector<std::string> texts;
        const Json& values = list(object, path, key);
        for (std::size_t position = 0; position < values.size(); ++position) {
            if (!values[position].is_string())
                fail("profile.wrong_type", index(join(path, key), position), "expected a string");
            texts.push_back(values[position].get<std::string>());
        }
        return texts;
    }

  private:
    std::string file_name_;
};

// [SECTION] section parts

Bureau read_bureau(const SectionReader& reader, const Json& object, const std::string& path, bool county) {
    if (county) {
        reader.only_keys(object, path, {"county", "name", "address", "phone"});
    } else {
        reader.only_keys(object, path, {"name", "address", "phone"});
    }
    Bureau bureau;
    if (county)
        bureau.county_admin_code = reader.text(object, path, "county");
    bureau.name = reader.local_text(object, path, "name", true);
    bureau.address = reader.local_text(object, path, "address", false);
    bureau.phone = reader.text(object, path, "phone");
    return bureau;
}

bool is_document_id(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char character) {
        return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
               character == '_';
    });
}

bool calendar_has(const Profile& profile, const std::string& step_id) {
    return std::any_of(profile.calendar.begin(), profile.calendar.end(),
                       [&](const ProfileCalendarEntry& entry) { return entry.step_id == step_id; });
}

DeadlinePolicy read_deadline(const SectionReader& reader, const Json& object, const std::string& path,
                             const Profile& profile) {
    reader.only_keys(object, path, {"kind", "calendar_step"});
    DeadlinePolicy deadline;
    const std::string kind = reader.text(object, path, "kind");
    if (kind == "county_forwards_by") {
        deadline.kind = DeadlineKind::CountyForwardsBy;
    } else if (kind == "during_step") {
        deadline.kind = DeadlineKind::DuringStep;
    } else if (kind == "listing_deadline") {
        deadline.kind = DeadlineKind::ListingDeadline;
    } else if (kind == "anytime") {
        deadline.kind = DeadlineKind::Anytime;
    } else {
        reader.fail("profile.invalid_value", SectionReader::join(path, "kind"),
                    "one of county_forwards_by, during_step, listing_deadline, anytime");
    }
    if (reader.optional_member(object, path, "calendar_step") != nullptr)
        deadline.calendar_step = reader.text(object, path, "calendar_step");
    const bool needs_step =
        deadline.kind == DeadlineKind::CountyForwardsBy || deadline.kind == DeadlineKind::DuringStep;
    if (needs_step && deadline.calendar_step.empty())
        reader.fail("profile.missing_key", SectionReader::join(path, "calendar_step"), "needed for " + kind);
    if (deadline.kind == DeadlineKind::Anytime && !deadline.calendar_step.empty())
        reader.fail("profile.invalid_value", SectionReader::join(path, "calendar_step"),
                    "anytime has no step");
    if (!deadline.calendar_step.empty() && !calendar_has(profile, deadline.calendar_step)) {
        reader.fail("profile.unknown_reference", SectionReader::join(path, "calendar_step"),
                    "step " + deadline.calendar_step + " is not in the calendar");
    }
    return deadline;
}

PaperPolicy read_paper(const SectionReader& reader, const Json& object, const std::string& path,
                       const Profile& profile, const FormDefinition& form) {
    reader.only_keys(object, path,
                     {"documents", "paper_copies", "seal", "electronic_copy", "deliver_to", "unit_uscc_field",
                      "city_bureau_when", "deadline", "then"});
    PaperPolicy paper;
    paper.documents = reader.text_list(object, path, "documents");
    if (paper.documents.empty())
        reader.fail("profile.invalid_value", SectionReader::join(path, "documents"),
                    "name at least one document");
    std::set<std::string> seen;
    for (std::size_t position = 0; position < paper.documents.size(); ++position) {
        const std::string& document = paper.documents[position];
        const std::string document_path =
            SectionReader::index(SectionReader::join(path, "documents"), position);
        if (!is_document_id(document))
            reader.fail("profile.invalid_value", document_path,
                        "a document id is lower case letters, digits, _");
        if (!seen.insert(document).second)
            reader.fail("profile.duplicate_code", document_path, "document named twice");
    }
    paper.paper_copies = reader.integer(object, path, "paper_copies", 0, 20);
    paper.seal_required = reader.boolean(object, path, "seal");
    paper.electronic_copy = reader.boolean(object, path, "electronic_copy");
    const std::string deliver_to = reader.text(object, path, "deliver_to");
    if (deliver_to != "county_bureau" && deliver_to != "city_bureau")
        reader.fail("profile.invalid_value", SectionReader::join(path, "deliver_to"),
                    "county_bureau or city_bureau");
    paper.deliver_to_city = deliver_to == "city_bureau";

    if (reader.optional_member(object, path, "unit_uscc_field") != nullptr) {
        paper.unit_uscc_field = reader.text(object, path, "unit_uscc_field");
        const FieldDefinition* field = form.field(paper.unit_uscc_field);
        if (field == nullptr || field->kind != FieldKind::Uscc) {
            reader.fail("profile.unknown_reference", SectionReader::join(path, "unit_uscc_field"),
                        paper.unit_uscc_field + " is not a USCC field of the " + form.id + " form");
        }
        if (paper.deliver_to_city)
            reader.fail("profile.invalid_value", SectionReader::join(path, "unit_uscc_field"),
                        "only a delivery to the county bureau looks up the unit's county");
    }
    if (const Json* condition = reader.optional_member(object, path, "city_bureau_when")) {
        const std::string condition_path = SectionReader::join(path, "city_bureau_when");
        reader.only_keys(*condition, condition_path, {"field", "equals_any"});
        paper.city_bureau_when.field = reader.text(*condition, condition_path, "field");
        paper.city_bureau_when.equals_any = reader.text_list(*condition, condition_path, "equals_any");
        const FieldDefinition* field = form.field(paper.city_bureau_when.field);
        if (field == nullptr || field->kind != FieldKind::Choice || !field->options_source.empty()) {
            reader.fail("profile.unknown_reference", SectionReader::join(condition_path, "field"),
                        paper.city_bureau_when.field + " is not a choice field with listed options of the " +
                            form.id + " form");
        }
        if (paper.city_bureau_when.equals_any.empty())
            reader.fail("profile.invalid_value", SectionReader::join(condition_path, "equals_any"), "empty");
        for (const std::string& value : paper.city_bureau_when.equals_any) {
            const bool known = std::any_of(field->options.begin(), field->options.end(),
                                           [&](const ChoiceOption& option) { return option.id == value; });
            if (!known)
                reader.fail("profile.unknown_reference", SectionReader::join(condition_path, "equals_any"),
                            value + " is not an option of " + field->id);
        }
        if (paper.deliver_to_city)
            reader.fail("profile.invalid_value", condition_path, "the papers go to the city bureau already");
    }
    paper.deadline = read_deadline(reader, reader.member(object, path, "deadline"),
                                   SectionReader::join(path, "deadline"), profile);
    const Json& then = reader.list(object, path, "then");
    if (then.empty())
        reader.fail("profile.invalid_value", SectionReader::join(path, "then"), "say what happens next");
    for (std::size_t position = 0; position < then.size(); ++position) {
        const std::string item_path = SectionReader::index(SectionReader::join(path, "then"), position);
        reader.only_keys(then[position], item_path, {"zh", "en"});
        LocalText text{reader.text(then[position], item_path, "zh"),
                       reader.text(then[position], item_path, "en")};
        if (text.chinese.empty() || text.english.empty())
            reader.fail("profile.invalid_value", item_path, "both languages must be given");
        paper.then.push_back(std::move(text));
    }
    return paper;
}

AfterSubmissionPolicy read_section(const SectionReader& reader, const Json& root, const Profile& profile,
                                   const FormCatalog& forms) {
    const std::string path = "after_submission";
    const Json& section = reader.member(root, "", path);
    reader.only_keys(section, path, {"city_bureau", "county_bureaus", "demand", "bid"});
    AfterSubmissionPolicy policy;
    policy.profile_id = profile.id;
    policy.city_bureau = read_bureau(reader, reader.member(section, path, "city_bureau"),
                                     SectionReader::join(path, "city_bureau"), false);
    const Json& counties = reader.list(section, path, "county_bureaus");
    for (std::size_t position = 0; position < counties.size(); ++position) {
        const std::string item_path =
            SectionReader::index(SectionReader::join(path, "county_bureaus"), position);
        Bureau bureau = read_bureau(reader, counties[position], item_path, true);
        if (profile.county_by_code(bureau.county_admin_code) == nullptr) {
            reader.fail("profile.unknown_reference", SectionReader::join(item_path, "county"),
                        "county " + bureau.county_admin_code + " is not in counties");
        }
        if (policy.county_bureau(bureau.county_admin_code) != nullptr)
            reader.fail("profile.duplicate_code", SectionReader::join(item_path, "county"),
                        "county named twice");
        policy.county_bureaus.push_back(std::move(bureau));
    }
    for (const County& county : profile.counties) {
        if (policy.county_bureau(county.admin_code) == nullptr) {
            reader.fail("profile.missing_key", SectionReader::join(path, "county_bureaus"),
                        "no bureau for county " + county.admin_code);
        }
    }
    policy.demand = read_paper(reader, reader.member(section, path, "demand"),
                               SectionReader::join(path, "demand"), profile, forms.demand());
    policy.bid = read_paper(reader, reader.member(section, path, "bid"), SectionReader::join(path, "bid"),
                            profile, forms.bid());
    return policy;
}

}  // namespace

// [SECTION] loading

Result<AfterSubmissionPolicy> load_after_submission(const Profile& profile, const FormCatalog& forms) {
    const std::string file_name = profile.source_file.filename().string();
    std::ifstream stream(profile.source_file, std::ios::binary);
    if (!stream) {
        return Error("profile.unreadable", profile.source_file.string(),
                     profile.source_file.string() + ": cannot be opened")
            .with("file", file_name);
    }
    std::stringstream buffer;
    buffer << stream.rdbuf();
    auto root = strict_json::parse(buffer.str(), file_name);
    if (!root) {
        // The profile reader has already accepted this file, so this is a file changed since it loaded.
        return Error("profile.syntax", profile.source_file.string(), root.error().detail)
            .with("file", file_name);
    }
    try {
        return read_section(SectionReader(file_name), *root, profile, forms);
    } catch (const SectionFailure& failure) {
        return failure.error;
    } catch (const nlohmann::json::exception& failure) {
        return Error("profile.invalid_value", profile.source_file.string(), file_name + ": " + failure.what())
            .with("file", file_name)
            .with("key", "after_submission")
            .with("reason", "unreadable value");
    }
}

}  // namespace jiebang
