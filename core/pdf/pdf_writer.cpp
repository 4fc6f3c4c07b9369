// libfascia_pdf: lays out a Fascia document (Qt rich-text HTML) with
// QTextDocument onto a QPdfWriter. Loaded on demand by fascia::pdf::write, so
// only a process that prints loads Qt. fascia_pdf_write returns 0 when written,
// 2 when the path cannot be written, 1 for any other failure.
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMarginsF>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void say(char* error, std::size_t size, const QString& message)
{
    const QByteArray utf8 = message.toUtf8();
    std::strncpy(error, utf8.constData(), size - 1);
    error[size - 1] = '\0';
}

// The CLI has no QGuiApplication; fonts and painting need one. It never needs
// a screen, so it uses the offscreen platform unless told otherwise. Kept for
// the life of the process (the library is never unloaded).
void ensure_application()
{
    if (QCoreApplication::instance() != nullptr)
        return;
    // Qt's warnings (e.g. no XDG_RUNTIME_DIR) would land in a CLI's error
    // output, where a person reads only Fascia's own messages.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            std::fprintf(stderr, "fascia: %s\n", message.toLocal8Bit().constData());
    });
    if (std::getenv("QT_QPA_PLATFORM") == nullptr)
        setenv("QT_QPA_PLATFORM", "offscreen", 0);
    static int argc = 1;
    static char name[] = "fascia";
    static char* argv[] = {name, nullptr};
    // Held by a static pointer: reachable, so leak checkers do not report it.
    static QGuiApplication* application = new QGuiApplication(argc, argv);
    (void)application;
}

} // namespace

extern "C" __attribute__((visibility("default"))) int fascia_pdf_write(const char* html, const char* title, int page,
                                                                       const char* path, char* error,
                                                                       std::size_t error_size)
{
    ensure_application();
    const QString file = QString::fromUtf8(path);
    {
        // QPdfWriter reports nothing when it cannot open its file: try first.
        QFile probe(file);
        if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            say(error, error_size,
                QStringLiteral("%1 cannot be written (%2); check the folder exists and you may write to it")
                    .arg(QFileInfo(file).absoluteFilePath(), probe.errorString()));
            return 2; // the path the person gave: bad input, not a failure of ours
        }
    }
    if (QFontDatabase::families().isEmpty()) {
        say(error, error_size, QStringLiteral("no fonts are installed; install fonts-dejavu-core"));
        return 1;
    }
    QPdfWriter writer(file);
    writer.setPageSize(QPageSize(page == 5 ? QPageSize::A5 : QPageSize::A4));
    // QTextDocument::print lays an unpaginated document out with its own 2 cm
    // margins inside the writer's: the writer adds none.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(QString::fromUtf8(title));
    writer.setCreator(QStringLiteral("Fascia"));

    QTextDocument doc;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(page == 5 ? 9 : 10);
    doc.setDefaultFont(font);
    doc.setDefaultStyleSheet(QStringLiteral(
        "h1 { font-size: 16pt; } h2 { font-size: 13pt; } th { text-align: left; background-color: #e8eef1; }"
        " td, th { padding: 3px; } table { border-collapse: collapse; }"));
    doc.setHtml(QString::fromUtf8(html));
    doc.print(&writer);
    if (QFileInfo(file).size() == 0) {
        say(error, error_size, QStringLiteral("%1 was not written").arg(QFileInfo(file).absoluteFilePath()));
        return 1;
    }
    return 0;
}
