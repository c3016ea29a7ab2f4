// platform/display/display.cpp — SDL2 window + SDL_Renderer + Dear ImGui (SDL2 and SDL_Renderer backends).
// See display.hpp for the frame protocol and the renderer choice.
#include "platform/display/display.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdlib>

namespace jiebang::platform {

Result<std::unique_ptr<Display>> Display::open(const DisplayOptions& options) {
    if (!options.accelerated_renderer) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    // SDL would turn SIGTERM/SIGINT into an SDL_QUIT event that only an event loop sees: a scripted run (which
    // polls no events) then ignored `kill` and `timeout`. The interactive loop installs its own handlers.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        return Error("display.video_init", "", SDL_GetError());
    }
    std::unique_ptr<Display> display(new Display());
    Uint32 window_flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen)
        window_flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    if (options.resizable)
        window_flags |= SDL_WINDOW_RESIZABLE;
    display->window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        options.width, options.height, window_flags);
    if (display->window_ == nullptr)
        return Error("display.window", "", SDL_GetError());
    if (options.resizable && options.minimum_width > 0 && options.minimum_height > 0)
        SDL_SetWindowMinimumSize(display->window_, options.minimum_width, options.minimum_height);
    const Uint32 renderer_flags =
        options.accelerated_renderer ? SDL_RENDERER_ACCELERATED : SDL_RENDERER_SOFTWARE;
    display->renderer_ = SDL_CreateRenderer(display->window_, -1, renderer_flags);
    if (display->renderer_ == nullptr)
        return Error("display.renderer", "", SDL_GetError());

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing about a session is written to disk
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(display->window_);
    ImGui_ImplSDLRenderer_Init(display->renderer_);
    display->imgui_ready_ = true;
    return display;
}

Display::~Display() {
    if (imgui_ready_) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (renderer_ != nullptr)
        SDL_DestroyRenderer(renderer_);
    if (window_ != nullptr)
        SDL_DestroyWindow(window_);
    SDL_Quit();
}

std::string Display::video_driver() const {
    const char* name = SDL_GetCurrentVideoDriver();
    return name != nullptr ? name : "";
}

std::string Display::renderer_name() const {
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer_, &info) != 0 || info.name == nullptr)
        return "";
    return info.name;
}

int Display::pixel_width() const {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(renderer_, &width, &height);
    return width;
}

int Display::pixel_height() const {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(renderer_, &width, &height);
    return height;
}

float Display::scale() const {
    const float horizontal = static_cast<float>(pixel_width()) / 1920.0f;
    const float vertical = static_cast<float>(pixel_height()) / 1080.0f;
    return std::clamp(std::min(horizontal, vertical), 0.5f, 3.0f);
}

float Display::dpi_scale() const {
    float scale = 1.0f;
    float diagonal = 0, horizontal = 0, vertical = 0;
    const int index = SDL_GetWindowDisplayIndex(window_);
    if (index >= 0 && SDL_GetDisplayDPI(index, &diagonal, &horizontal, &vertical) == 0 && horizontal > 0)
        scale = horizontal / 96.0f;
    int window_width = 0, window_height = 0;
    SDL_GetWindowSize(window_, &window_width, &window_height);
    if (window_width > 0 && pixel_width() > window_width)
        scale *= static_cast<float>(pixel_width()) / static_cast<float>(window_width);
    return std::clamp(scale, 1.0f, 4.0f);
}

void Display::set_title(const std::string& title) {
    SDL_SetWindowTitle(window_, title.c_str());
}

void Display::process_event(const SDL_Event& event) {
    ImGui_ImplSDL2_ProcessEvent(&event);
}

void Display::new_backend_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
}

void Display::render() {
    ImGui::Render();
    SDL_SetRenderDrawColor(renderer_, 245, 247, 250, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}

void Display::present() {
    SDL_RenderPresent(renderer_);
}

void Display::rebuild_font_texture() {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
}

bool display_environment_present() {
    const char* driver = std::getenv("SDL_VIDEODRIVER");
    if (driver != nullptr && driver[0] != '\0')
        return true;
    const char* x_display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x_display != nullptr && x_display[0] != '\0') || (wayland != nullptr && wayland[0] != '\0');
}

}  // namespace jiebang::platform
