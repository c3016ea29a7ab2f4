// kiosk/widgets/field_widget.cpp — form fields by kind (see field_widget.hpp).
//
// Index: [SECTION] values  [SECTION] pieces  [SECTION] field
#include "kiosk/widgets/field_widget.hpp"

#include <algorithm>

#include "kiosk/widgets/ui.hpp"
#include "platform/script/frame_record.hpp"
#include "shared/text/utf8.hpp"

namespace jiebang::kiosk {

// [SECTION] values

std::string display_value(const ScreenContext& context, const FieldDefinition& field) {
    const FieldValues& values = context.state.session.values;
    switch (field.kind) {
        case FieldKind::Declaration:
        case FieldKind::Consent:
            return context.text(value_flag(values, field.id) ? "kiosk.review.confirmed"
                                                             : "kiosk.review.not_confirmed");
        case FieldKind::Choice: {
            const std::string chosen = value_text(values, field.id);
            for (const auto& option : field_options(context.validation, field, values)) {
                if (option.id == chosen)
                    return option.label.chinese;
            }
            return chosen;
        }
        case FieldKind::MultiChoice:
        case FieldKind::TextList: {
            std::string joined;
            for (const auto& item : value_list(values, field.id)) {
                if (!joined.empty())
                    joined += "\n";
                joined += item;
            }
            return joined;
        }
        case FieldKind::Listing: {
            const std::string listing_id = value_text(values, field.id);
            if (context.validation.board != nullptr) {
                if (const Listing* listing = context.validation.board->listing(listing_id)) {
                    return listing->id + "  " + listing->title;
                }
            }
            return listing_id;
        }
        default:
            return value_text(values, field.id);
    }
}

// [SECTION] pieces

namespace {

bool is_focused(const ScreenContext& context, const std::string& target) {
    return context.state.session.focused == target;
}

void draw_label(const ScreenContext& context, const FieldDefinition& field) {
    std::string label = field.label.chinese;
    if (field.required)
        label += context.text("kiosk.field.required_mark");
    ui::heading(label);
    if (!field.help.chinese.empty())
        ui::muted(field.help.chinese);
}

void draw_counter(const ScreenContext& context, const FieldDefinition& field, const std::string& value) {
    if (field.max_chars <= 0)
        return;
    const auto count = utf8::count_code_points(value).value_or(0);
    const std::string counter = context.format(
        "kiosk.field.counter", {{"count", std::to_string(count)}, {"max", std::to_string(field.max_chars)}});
    // With voice guidance on, the count is read aloud on request: a whole touch target left of the counter, on
    // its line. Not while the keyboard is open: there the room above it is the field's (box, counter, error).
    if (context.state.voice_on && !context.keyboard_open) {
        const float top = ImGui::GetCursorPosY();
        if (ui::button("field." + field.id + ".count_aloud", context.text("kiosk.voice.count_aloud")))
            context.intents.push(IntentKind::SpeakCount, field.id);
        const float height = ImGui::GetItemRectSize().y;
        ImGui::SameLine();
        ImGui::SetCursorPosY(top + std::max(0.0f, (height - ImGui::GetTextLineHeight()) / 2));
    }
    if (static_cast<int>(count) > field.max_chars) {
        ui::error_text(counter);
    } else {
        ui::muted(counter);
    }
    platform::note_region("field." + field.id + ".counter");
}

void draw_text_input(const ScreenContext& context, const std::string& widget_id, const std::string& target,
                     const std::string& value, const FieldDefinition& field, bool has_error,
                     float width = 0) {
    const bool multiline = field.kind == FieldKind::Multiline;
    // With the keyboard open a paragraph box shows three lines, so the box, its counter and its error fit above
    // the keyboard on a 1080-line panel.
    if (ui::text_box(widget_id, value, field.placeholder.chinese, is_focused(context, target), multiline,
                     has_error, width, context.keyboard_open ? 3 : 5)) {
        context.intents.push(IntentKind::Focus, target);
    }
    // What was just refused as it was typed (a character the fonts lack), right under the box.
    const ApplicantSession& session = context.state.session;
    if (!session.input_notice.empty() && session.input_notice_target == target) {
        ui::error_text(session.input_notice);
        platform::note_region(widget_id + ".notice");
    }
}

// Buttons laid out left to right, wrapping to a new row when the next one does not fit.
void draw_options(const ScreenContext& context, const FieldDefinition& field, bool multiple) {
    const FieldValues& values = context.state.session.values;
    const auto options = field_options(context.validation, field, values);
    const std::string chosen = value_text(values, field.id);
    const auto chosen_list = value_list(values, field.id);
    const float available = ImGui::GetContentRegionAvail().x;
    float used = 0;
    bool first = true;
    for (const auto& option : options) {
        const float width =
            std::max(ui::theme().touch_height() * 2.0f, ImGui::CalcTextSize(option.label.chinese.c_str()).x +
                                                            ImGui::GetStyle().FramePadding.x * 2);
        if (!first && used + ImGui::GetStyle().ItemSpacing.x + width <= available) {
            ImGui::SameLine();
            used += ImGui::GetStyle().ItemSpacing.x;
        } else {
            used = 0;
        }
        first = false;
        used += width;
        const bool selected =
            multiple ? std::find(chosen_list.begin(), chosen_list.end(), option.id) != chosen_list.end()
                     : chosen == option.id;
        if (ui::option_button("field." + field.id + "." + option.id, option.label.chinese, selected, width)) {
            if (multiple) {
                auto next = chosen_list;
                if (selected) {
                    next.erase(std::remove(next.begin(), next.end(), option.id), next.end());
                } else {
                    next.push_back(option.id);
                }
                context.intents.set_value(field.id, next);
            } else {
                context.intents.set_value(field.id, option.id);
            }
        }
    }
}

void draw_list(const ScreenContext& context, const FieldDefinition& field, bool has_error) {
    const auto items = value_list(context.state.session.values, field.id);
    for (std::size_t index = 0; index < items.size(); ++index) {
        const std::string target = field.id + "#" + std::to_string(index);
        const std::string widget = "field." + field.id + "." + std::to_string(index);
        ImGui::PushID(widget.c_str());
        const float remove_width = ui::theme().touch_height() * 1.6f;
        const float box_width =
            ImGui::GetContentRegionAvail().x - remove_width - ImGui::GetStyle().ItemSpacing.x;
        ImGui::BeginGroup();
        draw_text_input(context, widget, target, items[index], field, has_error, box_width);
        ImGui::SameLine();
        if (ui::button("field." + field.id + ".remove." + std::to_string(index),
                       context.text("kiosk.field.remove_item"), ui::ButtonKind::Danger, remove_width)) {
            context.intents.push(IntentKind::RemoveListItem, field.id, static_cast<int>(index));
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }
    const bool room = field.max_items <= 0 || static_cast<int>(items.size()) < field.max_items;
    if (room && ui::button("field." + field.id + ".add", context.text("kiosk.field.add_item"))) {
        context.intents.push(IntentKind::AddListItem, field.id);
    }
    if (field.max_items > 0) {
        ui::muted(context.format("kiosk.field.list_counter", {{"count", std::to_string(items.size())},
                                                              {"max", std::to_string(field.max_items)}}));
    }
}

void draw_listing(const ScreenContext& context, const FieldDefinition& field) {
    const std::string shown = display_value(context, field);
    ui::paragraph(shown.empty() ? context.text("kiosk.bid.no_listing_chosen") : shown);
    if (ui::button("field." + field.id + ".change", context.text("kiosk.bid.change_listing"))) {
        context.intents.push(IntentKind::BackToBoard);
    }
}

}  // namespace

// [SECTION] field

void draw_field(const ScreenContext& context, const FieldDefinition& defined_field,
                const std::vector<Error>& errors, bool show_errors) {
    const FieldValues& values = context.state.session.values;
    // Label, help and placeholder as the current answers word them (a Jiaxing transfer listing's questions).
    const FieldDefinition field = worded_field(context.validation, defined_field, values);
    const bool has_error = show_errors && !errors.empty();
    // A scroll request for this field (focus, an edit, a scripted tap) brings the whole field into view —
    // label, box, counter and error — rather than just the box: with the keyboard open the body is short.
    auto& record = platform::FrameRecord::current();
    const std::string prefix = "field." + field.id;
    const std::string& requested = record.scroll_request();
    const bool scroll_here =
        requested == prefix || (requested.rfind(prefix + ".", 0) == 0 &&
                                requested.find('.', prefix.size() + 1) == std::string::npos);
    if (scroll_here)
        (void)record.take_scroll_request(requested);
    ImGui::PushID(field.id.c_str());
    ImGui::BeginGroup();
    switch (field.kind) {
        case FieldKind::Declaration:
        case FieldKind::Consent: {
            if (!field.help.chinese.empty())
                ui::paragraph(field.help.chinese);
            std::string label = field.label.chinese;
            if (field.required)
                label += context.text("kiosk.field.required_mark");
            const bool checked = value_flag(values, field.id);
            if (ui::check_row("field." + field.id, label, checked))
                context.intents.set_value(field.id, !checked);
            break;
        }
        case FieldKind::Choice:
            draw_label(context, field);
            draw_options(context, field, false);
            break;
        case FieldKind::MultiChoice:
            draw_label(context, field);
            draw_options(context, field, true);
            break;
        case FieldKind::TextList:
            draw_label(context, field);
            draw_list(context, field, has_error);
            break;
        case FieldKind::Listing:
            draw_label(context, field);
            draw_listing(context, field);
            break;
        default: {
            draw_label(context, field);
            const std::string value = value_text(values, field.id);
            draw_text_input(context, "field." + field.id, field.id, value, field, has_error);
            draw_counter(context, field, value);
            break;
        }
    }
    if (show_errors && !errors.empty()) {
        ImGui::BeginGroup();
        for (const auto& error : errors)
            ui::error_text(context.strings.message(error));
        ImGui::EndGroup();
        platform::note_region("field." + field.id + ".error");
    }
    ImGui::EndGroup();
    ImGui::PopID();
    if (scroll_here) {
        const float top = ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y;
        const float bottom = ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y;
        const float view = ImGui::GetWindowHeight();
        // The field's bottom near the view's bottom: the box, the counter and the error are what must show; a
        // field taller than the view gives up the top of its heading first.
        (void)top;
        ImGui::SetScrollFromPosY(bottom, bottom - top < view * 0.9f ? 0.92f : 0.98f);
    }
    ImGui::Dummy(ImVec2(0, ui::theme().px(12)));
}

}  // namespace jiebang::kiosk
