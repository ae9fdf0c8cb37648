//! Organizations by status: in all, active, suspended (an unknown stored status counts as
//! suspended).

use api::entities::organizations::organization;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::dto::metrics::OrganizationCounts;
use tests::{TestApp, db_test};

async fn organizations_are_counted_by_status(app: TestApp) {
    let admin = app.admin().await;
    let none = app.organization_counts(&admin).await;
    assert_eq!(none, OrganizationCounts { total: 0, active: 0, suspended: 0 });

    let (_, registered) = app.register("Registered").await;
    let quiet = app.create_org("Quiet").await;
    let odd = app.create_org("Odd").await;
    app.create_org("Busy").await;
    app.suspend_org(&admin, registered, Some("Unpaid")).await;
    app.suspend_org(&admin, quiet, None).await;
    let counts = app.organization_counts(&admin).await;
    assert_eq!(counts, OrganizationCounts { total: 4, active: 2, suspended: 2 });

    app.reactivate_org(&admin, quiet).await;
    let counts = app.organization_counts(&admin).await;
    assert_eq!(counts, OrganizationCounts { total: 4, active: 3, suspended: 1 });

    // A status the server does not know (written by hand, say) is not counted as active.
    let updated = organization::Entity::update_many()
        .col_expr(organization::Column::Status, Expr::value("archived"))
        .filter(organization::Column::Id.eq(odd))
        .exec(&app.state.db)
        .await;
    assert!(updated.is_ok_and(|r| r.rows_affected == 1), "marking {odd} archived");
    let counts = app.organization_counts(&admin).await;
    assert_eq!(counts, OrganizationCounts { total: 4, active: 2, suspended: 2 });
}

db_test!(organizations_are_counted_by_status);
