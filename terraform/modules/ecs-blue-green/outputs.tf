output "green_target_group_arn" {
  description = "The alternate target group (load_balancer.advanced_configuration.alternate_target_group_arn)."
  value       = aws_lb_target_group.green.arn
}

output "production_listener_rule_arn" {
  description = "The rule ECS re-weights for production traffic (advanced_configuration.production_listener_rule)."
  value       = aws_lb_listener_rule.production.arn
}

output "test_listener_rule_arn" {
  description = "The test traffic rule (advanced_configuration.test_listener_rule)."
  value       = aws_lb_listener_rule.test.arn
}

output "infrastructure_role_arn" {
  description = "The role ECS uses for the load balancer (advanced_configuration.role_arn)."
  value       = aws_iam_role.ecs_infrastructure.arn
}

output "deploy_role_arn" {
  description = "role-to-assume for the pipeline's jobs in this environment."
  value       = aws_iam_role.deploy.arn
}

output "alarm_names" {
  description = "Rollback triggers: the service's alarms and blue-green-deploy's rollback-on-alarms."
  value       = [aws_cloudwatch_metric_alarm.error_rate.alarm_name, aws_cloudwatch_metric_alarm.response_time.alarm_name]
}

output "test_url" {
  description = "Base URL of the test listener, for blue-green-deploy's verify-base-url."
  value       = "${lower(data.aws_lb_listener.production.protocol)}://${data.aws_lb.this.dns_name}:${var.test_port}"
}
