//! Automations: requests, timeline, tasks, my tasks, messages and comments.

mod requests;
mod tasks;
mod threads;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(requests::list_automations)
        .service(requests::create_automation)
        .service(requests::get_automation)
        .service(requests::update_automation)
        .service(requests::change_automation_status)
        .service(requests::get_automation_timeline)
        .service(tasks::list_tasks)
        .service(tasks::create_task)
        .service(tasks::get_task)
        .service(tasks::update_task)
        .service(tasks::move_task)
        .service(tasks::list_my_tasks)
        .service(threads::list_messages)
        .service(threads::post_message)
        .service(threads::edit_message)
        .service(threads::delete_message)
        .service(threads::list_comments)
        .service(threads::post_comment)
        .service(threads::edit_comment)
        .service(threads::delete_comment);
}
