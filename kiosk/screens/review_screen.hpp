// kiosk/screens/review_screen.hpp — everything the applicant entered, step by step, each with a link back
// (review.edit.<step id>), the errors that still block submitting, and review.submit / review.back.
// A failed commit (disk full, ...) is explained here with what to do; the input stays as it was.
#pragma once

#include "kiosk/screens/screen_context.hpp"

namespace jiebang::kiosk {

void draw_review_screen(const ScreenContext& context);

}  // namespace jiebang::kiosk
