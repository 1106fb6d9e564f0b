// FramePacer (see frame_pacer.h).
#include "platform/frame_pacer.h"

#include <algorithm>

namespace idekort::platform {

void FramePacer::on_frame_drawn(double now, const FrameRequest& request, bool text_input_active, bool input_pending) {
    if (m_settle_left > 0) --m_settle_left;
    if (input_pending) m_settle_left = settle_frames;
    if (request.animating) m_animate_until = now + animation_tail_seconds;
    m_timer_at = request.wake_in_seconds == FrameRequest::never ? FrameRequest::never : now + request.wake_in_seconds;
    if (text_input_active) m_timer_at = std::min(m_timer_at, now + caret_blink_seconds);
}

bool FramePacer::should_draw(double now) const {
    return m_continuous || m_settle_left > 0 || now < m_animate_until || now >= m_timer_at;
}

double FramePacer::wait_seconds(double now) const {
    if (should_draw(now)) return 0;
    return m_timer_at == FrameRequest::never ? FrameRequest::never : m_timer_at - now;
}

} // namespace idekort::platform
