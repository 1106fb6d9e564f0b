// The join link's QR code, drawn with ImGui (issue 16): encoded by the Debian library
// libqrcodegencpp (Nayuki's QR Code generator), each dark module a filled square on white, with
// the quiet zone of four modules the standard asks for, so a phone camera finds it on a
// projector and a decoder (zbarimg, in the tests) reads it from a screenshot.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace idekort::wall {

// The modules of `text`'s QR code (medium error correction: a smudged projector still reads),
// row by row; side × side, true = dark. Empty when the text is too long for any QR version.
struct QrModules {
    int side = 0;
    std::vector<bool> dark;
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * side + x)]; }
};
QrModules encode_qr(const std::string& text);
// The most bytes encode_qr() tries (version 40, medium correction, byte mode).
constexpr std::size_t max_qr_bytes = 2331;

// A printable A4 sheet (SVG: any browser prints it, no image library needed) for the door and the
// tables: `title`, the QR code 12 cm wide with its quiet zone, the code in large type and the
// link in words, from `lines` (title, code words, how-to words, link), each XML-escaped.
std::string qr_print_sheet_svg(const QrModules& qr, const std::vector<std::string>& lines);

// Draws `qr` at the cursor in a square of `size` logical px (quiet zone included), and adds it
// to the item registry as an image named `label` (the link in words for the mirror and tests).
void draw_qr(const QrModules& qr, float size, const std::string& label);

} // namespace idekort::wall
