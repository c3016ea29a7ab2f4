// platform/display/display.cpp — SDL2 window + SDL_Renderer + Dear ImGui (SDL2 and SDL_Renderer backends).
// See display.hpp for the frame protocol and the renderer choice.
#include "platform/display/display.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

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
    if (font_texture_ != nullptr)
        SDL_DestroyTexture(font_texture_);
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

// Dear ImGui's SDL_Renderer backend makes its own font texture at its first NewFrame when it has none, from a
// whole RGBA copy of io.Fonts. It is given a 1x1 texture once, made from a 1x1 placeholder atlas, so it never
// does; the real font texture is the Display's (rebuild_font_texture). Public backend API only.
void Display::give_backend_placeholder_texture() {
    if (backend_has_placeholder_)
        return;
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas placeholder;
    placeholder.TexWidth = 1;
    placeholder.TexHeight = 1;
    placeholder.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(sizeof(unsigned int)));
    placeholder.TexPixelsRGBA32[0] = 0;
    ImFontAtlas* fonts = io.Fonts;
    io.Fonts = &placeholder;
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    io.Fonts = fonts;
    backend_has_placeholder_ = true;
}

bool Display::rebuild_font_texture() {
    give_backend_placeholder_texture();
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (font_texture_ != nullptr) {
        SDL_DestroyTexture(font_texture_);
        font_texture_ = nullptr;
    }
    unsigned char* alpha = nullptr;
    int width = 0, height = 0;
    if (atlas.TexPixelsRGBA32 == nullptr)
        atlas.GetTexDataAsAlpha8(&alpha, &width, &height);
    else
        width = atlas.TexWidth, height = atlas.TexHeight;
    // The same format and pixels as the backend's own upload (SDL_PIXELFORMAT_RGBA32, white with the glyph's
    // coverage as alpha: ImGui's GetTexDataAsRGBA32), so what is drawn does not change.
    font_texture_ =
        SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
    if (font_texture_ == nullptr)
        return false;
    if (atlas.TexPixelsRGBA32 != nullptr) {
        SDL_UpdateTexture(font_texture_, nullptr, atlas.TexPixelsRGBA32, width * 4);
    } else {
        constexpr int band_rows = 64;
        std::vector<ImU32> band(static_cast<std::size_t>(width) * band_rows);
        for (int top = 0; top < height; top += band_rows) {
            const int rows = std::min(band_rows, height - top);
            const unsigned char* source =
                alpha + static_cast<std::size_t>(top) * static_cast<std::size_t>(width);
            for (std::size_t index = 0;
                 index < static_cast<std::size_t>(rows) * static_cast<std::size_t>(width); ++index)
                band[index] = IM_COL32(255, 255, 255, source[index]);
            const SDL_Rect area{0, top, width, rows};
            SDL_UpdateTexture(font_texture_, &area, band.data(), width * 4);
        }
    }
    SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
    atlas.SetTexID(static_cast<ImTextureID>(font_texture_));
    return true;
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
