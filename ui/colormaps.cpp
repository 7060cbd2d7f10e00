#include "colormaps.h"

namespace attn::ui {
namespace {

struct Stop {
  double position;
  QRgb color;
};

template <std::size_t N>
QCPColorGradient gradientFrom(const Stop (&stops)[N]) {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  for (const Stop& stop : stops)
    gradient.setColorStopAt(stop.position, QColor::fromRgba(stop.color));
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  return gradient;
}

}  // namespace

QCPColorGradient viridisGradient() {
  // Nine stops sampled from the published viridis table.
  static const Stop kStops[] = {{0.000, 0xff440154}, {0.125, 0xff472d7b}, {0.250, 0xff3b528b},
                                {0.375, 0xff2c728e}, {0.500, 0xff21918c}, {0.625, 0xff28ae80},
                                {0.750, 0xff5ec962}, {0.875, 0xffaadc32}, {1.000, 0xfffde725}};
  return gradientFrom(kStops);
}

QCPColorGradient divergingGradient() {
  static const Stop kStops[] = {{0.00, 0xff2166ac},
                                {0.25, 0xff67a9cf},
                                {0.50, 0xfff7f7f7},
                                {0.75, 0xffef8a62},
                                {1.00, 0xffb2182b}};
  return gradientFrom(kStops);
}

}  // namespace attn::ui
