#pragma once
// The window's tests keep their settings (layout, recent runs, the last
// setup) in a folder of their own, so nothing of the user's is read or
// touched and every test starts from the defaults.

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace attn::ui::testing {

inline void keepSettingsIn(const QString& folder) {
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
  QCoreApplication::setOrganizationName(QStringLiteral("AttentionStudioTests"));
}

}  // namespace attn::ui::testing
