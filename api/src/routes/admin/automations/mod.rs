//! Automations across organizations (the operator's staff).

mod requests;
mod tasks;
mod threads;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(requests::admin_list_automations)
        .service(requests::admin_get_automation)
        .service(requests::admin_change_automation_status)
        .service(requests::admin_set_automation_lead)
        .service(requests::admin_get_automation_timeline)
        .service(tasks::admin_list_tasks)
        .service(tasks::admin_create_task)
        .service(tasks::admin_get_task)
        .service(tasks::admin_update_task)
        .service(tasks::admin_move_task)
        .service(threads::admin_list_messages)
        .service(threads::admin_post_message)
        .service(threads::admin_edit_message)
        .service(threads::admin_delete_message)
        .service(threads::admin_list_comments)
        .service(threads::admin_post_comment)
        .service(threads::admin_edit_comment)
        .service(threads::admin_delete_comment);
}
