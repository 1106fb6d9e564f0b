// A bare ImGui context for kit tests and benches without the app: a display, a 60 Hz frame time,
// no ini file, and ImGui's own font built on the CPU (draw lists are read, nothing is rendered).
#pragma once

#include "imgui.h"

#include <cstdint>

namespace idekort::test {

struct BareContext {
    explicit BareContext(ImVec2 display = ImVec2(800, 600)) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = display;
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        unsigned char* px;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    }
    ~BareContext() { ImGui::DestroyContext(); }
    BareContext(const BareContext&) = delete;
    BareContext& operator=(const BareContext&) = delete;
};

} // namespace idekort::test
