#pragma once
// A client's file: who they are, their consent to store health data, and the
// tabs the modules add (screening, appointments, notes, vouchers).
#include <fascia/desk/desk.h>

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTabWidget;

namespace fascia::desk {

class ClientFile : public QWidget {
public:
    ClientFile(DeskContext& desk, const QString& client_id, std::function<void()> back,
               QWidget* parent = nullptr);
    /// Re-reads the client and rebuilds the tabs (after consent or an edit).
    void refresh();
    QTabWidget* tabs() const { return tabs_; }
    QString heading() const;

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    DeskContext& desk_;
    QString client_id_;
    std::function<void()> back_;
    QLabel* name_;
    QLabel* details_;
    QLabel* banner_; ///< the modules' client banner lines (fascia/desk/client_banner.h)
    QLabel* consent_;
    QPushButton* consent_button_;
    QTabWidget* tabs_;
};

} // namespace fascia::desk
