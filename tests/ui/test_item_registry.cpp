// Tests for app/ui/item_registry.h against plain ImGui widgets: ids, labels, roles and state.
#include "app/ui/item_registry.h"

#include "imgui.h"

#include <doctest/doctest.h>

#include <string>

using namespace idekort;

namespace {

// A bare ImGui context with a CPU-built atlas, for registry tests without the app.
struct BareContext {
    BareContext() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(800, 600);
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        unsigned char* px; int w, h;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    }
    ~BareContext() { ImGui::DestroyContext(); }
};

} // namespace

TEST_CASE("[ItemRegistry] records widgets with labels, roles and state; drops windows") {
    BareContext ctx;
    ui::ItemRegistry registry;
    registry.attach(ImGui::GetCurrentContext());
    std::string text = "hej";
    bool checked = true;
    for (int frame = 0; frame < 2; ++frame) {
        ImGui::NewFrame();
        ImGui::Begin("Vindue");
        ImGui::Button("Gem##save");
        registry.label_next_item("Navn");
        char buf[32] = "x";
        ImGui::InputText("##name", buf, sizeof buf);
        ImGui::Checkbox("Må kontaktes", &checked);
        ImGui::BeginDisabled();
        ImGui::Button("Send");
        ImGui::EndDisabled();
        ImGui::End();
        ImGui::Render();
    }
    const auto& items = registry.items();
    const SemanticItem* save = find_item(items, "Gem");
    REQUIRE(save != nullptr);
    CHECK(save->role == SemanticRole::Button);
    CHECK(save->rect.width > 0);
    CHECK(save->id != 0);
    const SemanticItem* name = find_item(items, "Navn");
    REQUIRE(name != nullptr);
    CHECK(name->role == SemanticRole::TextInput);
    const SemanticItem* consent = find_item(items, "Må kontaktes");
    REQUIRE(consent != nullptr);
    CHECK(consent->role == SemanticRole::Checkbox);
    CHECK(consent->checked);
    const SemanticItem* send = find_item(items, "Send");
    REQUIRE(send != nullptr);
    CHECK(send->disabled);
    CHECK(find_item(items, "Vindue") == nullptr);
    // Submission order is tab order.
    CHECK(save < name);
    CHECK(name < consent);
}

TEST_CASE("[ItemRegistry] items() holds the last complete frame, not one in progress") {
    BareContext ctx;
    ui::ItemRegistry registry;
    registry.attach(ImGui::GetCurrentContext());
    ImGui::NewFrame();
    ImGui::Begin("W");
    ImGui::Button("Første");
    ImGui::End();
    ImGui::Render();
    REQUIRE(find_item(registry.items(), "Første") != nullptr);
    ImGui::NewFrame();
    ImGui::Begin("W");
    ImGui::Button("Anden");
    CHECK(find_item(registry.items(), "Første") != nullptr); // mid-frame: still the last one
    ImGui::End();
    ImGui::Render();
    CHECK(find_item(registry.items(), "Første") == nullptr);
    CHECK(find_item(registry.items(), "Anden") != nullptr);
}
