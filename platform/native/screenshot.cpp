// Back-buffer screenshot (see screenshot.h). PNG encoding by stb_image_write from Debian's
// libstb-dev; the implementation is compiled here, in the one file that uses it.
#include "platform/native/screenshot.h"

#if defined(IDEKORT_GL_ES)
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include <vector>

namespace idekort::platform {

Status write_screenshot(SDL_Window* window, const std::string& path) {
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(window, &width, &height);
    if (width <= 0 || height <= 0) return Error{"the window has no drawable area", path};
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1); // GL's origin is bottom-left
    if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4))
        return Error{"cannot write the PNG file", path};
    return {};
}

} // namespace idekort::platform
