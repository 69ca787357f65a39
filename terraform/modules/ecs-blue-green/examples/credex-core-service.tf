# The change to credex-core's terraform/modules/app/main.tf aws_ecs_service.credex_core (commit 9028233) that
# switches it to ECS-native blue/green in place, with the outputs of module "ecs_blue_green" (../). Only the blocks
# shown are new or changed; the rest of the resource stays as it is. The service is updated, never re-created.
#
# The PAUSE hook blue-green-deploy verifies at (lifecycle stage POST_TEST_TRAFFIC_SHIFT) has no form in the AWS
# provider (its lifecycle_hook block requires a Lambda hook_target_arn): run the ecs-blue-green-setup action with
# mode: apply after terraform apply; it finds everything else in place and adds only the hook, which the
# ignore_changes below keeps Terraform from removing.

resource "aws_ecs_service" "credex_core" {
  name    = "credex-core-service-${var.environment}"
  cluster = aws_ecs_cluster.credex_cluster.id

  deployment_controller {
    type = "ECS"
  }

  deployment_configuration {
    strategy             = "BLUE_GREEN"
    bake_time_in_minutes = 5
  }

  alarms {
    alarm_names = module.ecs_blue_green.alarm_names
    enable      = true
    rollback    = true
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "credex-core"
    container_port   = 3000

    advanced_configuration {
      alternate_target_group_arn = module.ecs_blue_green.green_target_group_arn
      production_listener_rule   = module.ecs_blue_green.production_listener_rule_arn
      test_listener_rule         = module.ecs_blue_green.test_listener_rule_arn
      role_arn                   = module.ecs_blue_green.infrastructure_role_arn
    }
  }

  lifecycle {
    ignore_changes = [deployment_configuration[0].lifecycle_hook]
  }
}
