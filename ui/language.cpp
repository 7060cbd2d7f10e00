#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <memory>

namespace attn::ui {
namespace {

const QString kSettingsKey = QStringLiteral("language");

struct Installed {
  QString code = QStringLiteral("en");
  QTranslator* own = nullptr;
  QTranslator* qt = nullptr;
};

Installed& installed() {
  static Installed state;
  return state;
}

bool speaks(const QString& code) {
  for (const Language& language : languages())
    if (language.code == code) return true;
  return false;
}

void removeTranslator(QTranslator*& translator) {
  if (!translator) return;
  QCoreApplication::removeTranslator(translator);
  delete translator;
  translator = nullptr;
}

}  // namespace

QList<Language> languages() {
  return {{QStringLiteral("en"), QStringLiteral("English")},
          {QStringLiteral("ko"), QStringLiteral("한국어")}};
}

QString startupLanguage(const QString& requested) {
  if (!requested.isEmpty()) return requested;
  const QString saved = QSettings().value(kSettingsKey).toString();
  if (speaks(saved)) return saved;
  const QString system = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
  return speaks(system) ? system : QStringLiteral("en");
}

void rememberLanguage(const QString& code) { QSettings().setValue(kSettingsKey, code); }

bool installLanguage(const QString& code, QString* error) {
  if (!speaks(code)) {
    if (error) {
      QStringList codes;
      for (const Language& language : languages()) codes << language.code;
      *error = QStringLiteral("no language \"%1\" (expected one of: %2)")
                   .arg(code, codes.join(QStringLiteral(", ")));
    }
    return false;
  }
  // English is the source language: no translator of ours.
  auto own = std::make_unique<QTranslator>();
  if (code != QStringLiteral("en") &&
      !own->load(QStringLiteral(":/i18n/attention-studio_%1.qm").arg(code))) {
    if (error) *error = QStringLiteral("the %1 translation is missing from this build").arg(code);
    return false;  // the language in use stays
  }
  // Removing the previous translators tells every widget to show its
  // source texts again; installing the new ones, to translate them.
  Installed& state = installed();
  removeTranslator(state.own);
  removeTranslator(state.qt);
  state.code = code;
  // Numbers and dates people read follow the language; files for machines
  // (CSV, JSON) are written by the core in the C locale regardless.
  QLocale::setDefault(code == QStringLiteral("en") ? QLocale::system() : QLocale(code));
  if (code == QStringLiteral("en")) return true;
  state.own = own.release();
  QCoreApplication::installTranslator(state.own);
  // Qt's own texts (Ok, Cancel, file dialogs); absent translations are fine.
  state.qt = new QTranslator;
  if (state.qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(state.qt);
  else
    removeTranslator(state.qt);
  return true;
}

QString installedLanguage() { return installed().code; }

}  // namespace attn::ui
