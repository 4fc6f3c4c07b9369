#include "client_file.h"

#include "client_form.h"
#include "formatting.h"

#include <fascia/clients.h>
#include <fascia/desk/client_banner.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fascia::desk {

ClientFile::ClientFile(DeskContext& desk, const QString& client_id, std::function<void()> back,
                       QWidget* parent)
    : QWidget(parent), desk_(desk), client_id_(client_id), back_(std::move(back))
{
    auto* back_button = new QPushButton(tr("← &Clients"), this);
    name_ = new QLabel(this);
    name_->setObjectName("clientName");
    QFont big = name_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    name_->setFont(big);
    details_ = new QLabel(this);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_ = new QLabel(this);
    banner_->setObjectName("clientBanner");
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::RichText);
    consent_ = new QLabel(this);
    consent_->setWordWrap(true);
    consent_button_ = new QPushButton(this);
    auto* edit = new QPushButton(tr("&Edit details…"), this);
    edit->setVisible(desk_.user().role != Role::therapist); // clients.update is a desk job
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("clientTabs");

    auto* top = new QHBoxLayout;
    top->addWidget(back_button);
    top->addStretch(1);
    top->addWidget(edit);
    auto* consent_row = new QHBoxLayout;
    consent_row->addWidget(consent_, 1);
    consent_row->addWidget(consent_button_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(name_);
    layout->addWidget(details_);
    layout->addWidget(banner_);
    layout->addLayout(consent_row);
    layout->addWidget(tabs_, 1);
    setFocusPolicy(Qt::StrongFocus);

    connect(back_button, &QPushButton::clicked, this, [this] { back_(); });
    connect(edit, &QPushButton::clicked, this, [this] {
        ClientForm form(desk_, client_id_, this);
        if (form.exec() == QDialog::Accepted)
            refresh();
    });
    connect(consent_button_, &QPushButton::clicked, this, [this] {
        const auto c = find_client(desk_.clinic().db(), ss(client_id_));
        const bool give = c && !c->health_consent_at;
        (void)desk_.execute("clients.record_consent", {{"client_id", ss(client_id_)}, {"given", give}});
        refresh();
    });
    refresh();
}

QString ClientFile::heading() const
{
    return name_->text();
}

void ClientFile::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        back_();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ClientFile::refresh()
{
    const auto c = find_client(desk_.clinic().db(), ss(client_id_));
    if (!c) {
        name_->setText(tr("This client no longer exists"));
        return;
    }
    name_->setText(qs(c->display_name()));
    const auto country = clinic_country(desk_.clinic().db());
    QStringList parts{tr("Born %1").arg(format_date(c->date_of_birth, date_order_for(country)))};
    if (!c->phone.empty())
        parts << format_client_phone(*c, country);
    if (!c->email.empty())
        parts << qs(c->email);
    if (!c->address.empty())
        parts << qs(c->address).replace('\n', ", ");
    details_->setText(parts.join(QStringLiteral("  ·  ")));
    const bool consent = c->health_consent_at.has_value();
    // What the modules say about the client (a screening's disposition), only with consent:
    // it is health data, like the tabs that stay closed without it.
    const auto banner = consent ? client_banner_lines(desk_, client_id_) : std::vector<BannerLine>{};
    banner_->setText(banner_html(banner));
    banner_->setVisible(!banner.empty());
    if (consent) {
        consent_->setText(tr("Consent to store health data recorded %1 by %2.")
                              .arg(desk_.instant(*parse_instant(*c->health_consent_at)),
                                   qs(c->health_consent_recorded_by.value_or(""))));
        consent_->setStyleSheet({});
        consent_button_->setText(tr("&Withdraw consent"));
    } else {
        consent_->setText(tr("No consent to store health data yet: screening and notes stay closed "
                             "until the client gives it."));
        consent_->setStyleSheet("color: #8a5300;");
        consent_button_->setText(tr("&Record consent"));
    }

    while (tabs_->count() > 0) {
        QWidget* w = tabs_->widget(0);
        tabs_->removeTab(0);
        w->deleteLater();
    }
    // The modules' tabs, in their order, for the signed-in role.
    struct Entry {
        ClientTab* tab;
        int order;
    };
    std::vector<Entry> entries;
    const auto& services = desk_.clinic().extensions().services;
    for (const auto& id : services.ids()) {
        if (id.rfind(client_tab_prefix, 0) != 0)
            continue;
        auto* tab = services.get<ClientTab>(id);
        const auto roles = tab ? tab->roles() : std::vector<Role>{};
        if (tab && std::find(roles.begin(), roles.end(), desk_.user().role) != roles.end())
            entries.push_back({tab, tab->order()});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.order < b.order; });
    for (const auto& e : entries) {
        QWidget* page = nullptr;
        if (e.tab->needs_health_consent() && !consent) {
            auto* closed = new QLabel(tr("Record the client's consent to store health data before "
                                         "anything is entered here."),
                                      tabs_);
            closed->setAlignment(Qt::AlignCenter);
            page = closed;
        } else {
            try {
                page = e.tab->create(desk_, client_id_, tabs_);
            } catch (const std::exception& ex) {
                page = new QLabel(tr("This tab could not be opened (%1).").arg(QString::fromUtf8(ex.what())), tabs_);
            }
        }
        tabs_->addTab(page, e.tab->title());
    }
    if (tabs_->count() == 0) {
        auto* none = new QLabel(tr("Screening, appointments, notes and vouchers appear here as their "
                                   "modules are installed."),
                                tabs_);
        none->setAlignment(Qt::AlignCenter);
        tabs_->addTab(none, tr("Overview"));
    }
}

} // namespace fascia::desk
