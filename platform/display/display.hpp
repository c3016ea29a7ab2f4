// platform/display/display.hpp — the SDL2 window, the SDL_Renderer and the Dear ImGui context of the
// terminal. Fullscreen by default (a windowed mode exists for development and the demo); the software
// renderer by default (service-hall PCs have no GPU worth the memory), with
// SDL_HINT_FRAMEBUFFER_ACCELERATION=0 so X11 does not add an accelerated framebuffer on top. Works under
// SDL's offscreen and dummy video drivers and Xvfb. The staff console (console/) opens a resizable window
// instead and scales its UI by the monitor's DPI (dpi_scale()) rather than by the window size. Invariants: one Display per process; ImGui's context
// lives exactly as long as the Display; every frame is new_backend_frame() -> ImGui::NewFrame() -> ... ->
// render() -> [screenshot] -> present().
#pragma once

#include <SDL.h>

#include <memory>
#include <string>

#include "shared/base/result.hpp"

namespace jiebang::platform {

struct DisplayOptions {
    bool fullscreen = true;
    int width = 1920;  // window size in windowed/headless mode
    int height = 1080;
    bool accelerated_renderer = false;  // default: SDL's software renderer
    std::string title = "jiebang";
    bool resizable = false;  // the console's desktop window; the terminal's is fixed
    int minimum_width = 0;   // with resizable: the smallest size the window may be dragged to
    int minimum_height = 0;
};

class Display {
  public:
    // Errors: display.video_init (no usable video driver), display.window, display.renderer.
    static Result<std::unique_ptr<Display>> open(const DisplayOptions& options);
    ~Display();
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;

    SDL_Window* window() const { return window_; }
    SDL_Renderer* renderer() const { return renderer_; }
    std::string video_driver() const;
    std::string renderer_name() const;

    // Output size in pixels and the UI scale relative to a 1920x1080 design (touch targets scale with it).
    int pixel_width() const;
    int pixel_height() const;
    float scale() const;
    // The desktop UI scale: the monitor's DPI relative to 96 times the HiDPI drawable ratio, 1 when SDL
    // cannot tell (offscreen and dummy drivers), clamped to 1..4.
    float dpi_scale() const;
    void set_title(const std::string& title);

    // Feeds one SDL event to ImGui's SDL backend.
    void process_event(const SDL_Event& event);
    // Backend half of a frame (renderer + SDL platform); the caller may then override io and
    // ImGui::NewFrame().
    void new_backend_frame();
    // ImGui::Render() and draw into the back buffer; present() shows it.
    void render();
    void present();
    // Recreates the font texture after the atlas changed (fonts are built after the scale is known). The
    // Display owns the font texture and fills it from the atlas's 8-bit pixels a band of rows at a time (or
    // from its RGBA pixels when a worker already converted them), never through a whole RGBA copy: 11 MB less
    // at the start's peak for the terminal's 2048x1344 atlas. Returns false when SDL cannot make the texture.
    bool rebuild_font_texture();

  private:
    Display() = default;
    void give_backend_placeholder_texture();
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Texture* font_texture_ = nullptr;
    bool backend_has_placeholder_ = false;
    bool imgui_ready_ = false;
};

// True when some video output is plausible: a DISPLAY/WAYLAND_DISPLAY or an explicit SDL_VIDEODRIVER.
bool display_environment_present();

}  // namespace jiebang::platform
