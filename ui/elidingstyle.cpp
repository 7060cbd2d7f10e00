#include "elidingstyle.h"

#include <QStyleOptionComboBox>

namespace attn::ui {

void ElidingStyle::drawControl(ControlElement element, const QStyleOption* option,
                               QPainter* painter, const QWidget* widget) const {
  const auto* box = qstyleoption_cast<const QStyleOptionComboBox*>(option);
  if (element != CE_ComboBoxLabel || !box || box->editable) {
    QProxyStyle::drawControl(element, option, painter, widget);
    return;
  }
  QStyleOptionComboBox elided = *box;
  const QRect text = subControlRect(CC_ComboBox, box, SC_ComboBoxEditField, widget);
  const int room = text.width() - (box->currentIcon.isNull() ? 0 : box->iconSize.width() + 4) - 2;
  elided.currentText = box->fontMetrics.elidedText(box->currentText, Qt::ElideRight, room);
  QProxyStyle::drawControl(element, &elided, painter, widget);
}

}  // namespace attn::ui
