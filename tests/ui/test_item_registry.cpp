// Tests for app/ui/item_registry.h against plain ImGui widgets: ids, labels, roles and state.
#include "app/ui/item_registry.h"
#include "tests/ui/bare_imgui.h"

#include "imgui.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace idekort;

using test::BareContext;

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

// The registry reuses last frames' item slots and strings (it allocates nothing in a steady
// frame, docs/BENCHMARKS.md); what a slot held before must never leak into a new item, and the
// change check must see every change a person notices and nothing else.
TEST_CASE("[ItemRegistry] rows of the same words get their own stable ids; reused slots carry nothing over") {
    BareContext ctx;
    ui::ItemRegistry registry;
    registry.attach(ImGui::GetCurrentContext());
    const auto draw = [&](int rows, const char* heading, bool help_on_first) {
        ImGui::NewFrame();
        // A fixed, undecorated window: no title bar buttons, no scrollbar, nothing sized later.
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("W", nullptr, ImGuiWindowFlags_NoDecoration);
        registry.add_text(SemanticRole::Heading, heading, SemanticRect{0, 0, 100, 20}, 1);
        for (int i = 0; i < rows; ++i) {
            ImGui::PushID(i);
            registry.add_text(SemanticRole::Text, "Samme ord i hver række", SemanticRect{0, 30.0f + 20 * i, 100, 20});
            if (i == 0 && help_on_first) registry.describe_next_item("Hjælp");
            ImGui::Button("Ret");
            ImGui::PopID();
        }
        ImGui::End();
        ImGui::Render();
    };
    for (int frame = 0; frame < 3; ++frame) draw(40, "Oversigt", true);
    const auto ids = [&] {
        std::vector<std::uint32_t> out;
        for (const SemanticItem& it : registry.items())
            if (it.role == SemanticRole::Text) out.push_back(it.id);
        return out;
    };
    const std::vector<std::uint32_t> first = ids();
    REQUIRE(first.size() == 40);
    CHECK(std::set<std::uint32_t>(first.begin(), first.end()).size() == 40);
    const std::uint64_t steady = registry.generation();
    ImGui::GetIO().AddMousePosEvent(50, 50);   // hover is not a change
    draw(40, "Oversigt", true);
    CHECK(ids() == first);
    CHECK(registry.generation() == steady);

    // Fewer rows, then a new heading and no help: slots are reused, nothing stale shows.
    draw(3, "Oversigt", false);
    CHECK(registry.generation() != steady);
    CHECK(registry.items().size() == 1 + 3 * 2);
    draw(5, "Tak", false);
    const auto& items = registry.items();
    REQUIRE(items.size() == 1 + 5 * 2);
    CHECK(items[0].label == "Tak");
    CHECK(items[0].role == SemanticRole::Heading);
    CHECK(items[0].level == 1);
    for (const SemanticItem& it : items) {
        CHECK(it.description.empty());
        if (it.role == SemanticRole::Button) CHECK(it.label == "Ret");
        if (it.role == SemanticRole::Text) CHECK(it.label == "Samme ord i hver række");
    }
    const std::uint64_t after_change = registry.generation();
    draw(5, "Tak", false);
    CHECK(registry.generation() == after_change);
}
