// console/views/board_view.cpp — board publication (see board_view.hpp).
#include "console/views/board_view.hpp"

#include "console/widgets/console_ui.hpp"
#include "platform/script/frame_record.hpp"

namespace jiebang::console {

void draw_board_view(const ViewContext& context) {
    const auto& state = context.state;
    const auto& board = state.board;
    begin_view("##board", context);
    ui::heading(context.text("console.board.title"));
    ui::wrapped(context.text("console.board.explain"));
    const auto accepted = state.inbox.stage_counts.find("accepted");
    ui::text(context.format(
        "console.board.accepted",
        {{"count", std::to_string(accepted == state.inbox.stage_counts.end() ? 0 : accepted->second)}}));
    const bool publisher = state.identity && state.identity->role == backoffice::Role::Publisher;
    if (!publisher) {
        ui::muted(context.text("console.board.publisher_only"));
    } else if (board.confirming) {
        ui::wrapped(context.text("console.board.confirm_question"), ui::colour::warning);
        if (board.publishing)
            ImGui::BeginDisabled();
        if (ui::button("board.confirm", context.text("console.board.confirm"), ui::ButtonKind::Primary))
            context.intents.push(IntentKind::ConfirmPublishBoard);
        ImGui::SameLine();
        if (ui::button("board.cancel", context.text("console.dialog.cancel")))
            context.intents.push(IntentKind::CancelPublishBoard);
        if (board.publishing)
            ImGui::EndDisabled();
    } else if (ui::button("board.publish", context.text("console.board.publish"), ui::ButtonKind::Primary)) {
        context.intents.push(IntentKind::AskPublishBoard);
    }
    if (!board.problem.empty())
        ui::error_text(board.problem);
    if (board.last) {
        ui::text(context.format("console.board.published", {{"version", std::to_string(board.last->version)},
                                                            {"count", std::to_string(board.last->listings)}}),
                 ui::colour::good);
    }
    end_view();
}

}  // namespace jiebang::console
