# ECS-native blue/green for one credex-core environment, from its current shape (a rolling service, one target group,
# one HTTPS listener): the same resources, names and policies as the ecs-blue-green-setup action
# (packages/ecs-setup/src/spec.ts), checked by test/integration/ecs-setup/terraform.test.ts. The service itself stays
# in credex-core's modules/app: see examples/credex-core-service.tf for the change to its aws_ecs_service.

locals {
  cluster                      = "credex-cluster-${var.environment}"
  service                      = "credex-core-service-${var.environment}"
  production_target_group_name = "credex-tg-${var.environment}"
  green_target_group_name      = "${local.production_target_group_name}-green"
  infrastructure_role          = "ecs-infrastructure-role-${var.environment}"
  deploy_role                  = "credex-core-deploy-${var.environment}"
  task_role                    = "ecs-task-role-${var.environment}"
  execution_role               = "ecs-execution-role-${var.environment}"
  task_family                  = "credex-core-${var.environment}"
  ecr_repository               = "credex-core-${var.environment}"
  account_id                   = data.aws_caller_identity.current.account_id
  oidc_provider_arn            = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  managed_by                   = "credex-actions ecs-blue-green-setup"
}

data "aws_caller_identity" "current" {}

data "aws_lb" "this" {
  arn = var.load_balancer_arn
}

data "aws_lb_listener" "production" {
  arn = var.production_listener_arn
}

data "aws_lb_target_group" "production" {
  name = local.production_target_group_name
}

# ---- load balancer -------------------------------------------------------------------------------------------------

resource "aws_lb_target_group" "green" {
  name        = local.green_target_group_name
  port        = data.aws_lb_target_group.production.port
  protocol    = data.aws_lb_target_group.production.protocol
  target_type = "ip"
  vpc_id      = data.aws_lb_target_group.production.vpc_id

  health_check {
    path                = data.aws_lb_target_group.production.health_check[0].path
    matcher             = data.aws_lb_target_group.production.health_check[0].matcher
    protocol            = data.aws_lb_target_group.production.health_check[0].protocol
    interval            = data.aws_lb_target_group.production.health_check[0].interval
    timeout             = data.aws_lb_target_group.production.health_check[0].timeout
    healthy_threshold   = data.aws_lb_target_group.production.health_check[0].healthy_threshold
    unhealthy_threshold = data.aws_lb_target_group.production.health_check[0].unhealthy_threshold
  }

  tags = { ManagedBy = local.managed_by }
}

# ECS moves production traffic by re-weighting this rule's target groups: Terraform must not move it back.
resource "aws_lb_listener_rule" "production" {
  listener_arn = var.production_listener_arn
  priority     = var.production_rule_priority

  condition {
    path_pattern {
      values = ["/*"]
    }
  }

  action {
    type = "forward"
    forward {
      target_group {
        arn    = data.aws_lb_target_group.production.arn
        weight = 100
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 0
      }
    }
  }

  tags = { Name = "credex-core-production-${var.environment}", ManagedBy = local.managed_by }

  lifecycle {
    ignore_changes = [action]
  }
}

resource "aws_lb_listener" "test" {
  load_balancer_arn = var.load_balancer_arn
  port              = var.test_port
  protocol          = data.aws_lb_listener.production.protocol
  ssl_policy        = data.aws_lb_listener.production.ssl_policy
  certificate_arn   = data.aws_lb_listener.production.certificate_arn

  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 100
      }
    }
  }

  tags = { ManagedBy = local.managed_by }
}

resource "aws_lb_listener_rule" "test" {
  listener_arn = aws_lb_listener.test.arn
  priority     = 1

  condition {
    source_ip {
      values = var.test_cidrs
    }
  }

  action {
    type = "forward"
    forward {
      target_group {
        arn    = data.aws_lb_target_group.production.arn
        weight = 0
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 100
      }
    }
  }

  tags = { Name = "credex-core-test-${var.environment}", ManagedBy = local.managed_by }

  lifecycle {
    ignore_changes = [action]
  }
}

resource "aws_vpc_security_group_ingress_rule" "test" {
  for_each = toset(var.test_cidrs)

  security_group_id = var.alb_security_group_id
  ip_protocol       = "tcp"
  from_port         = var.test_port
  to_port           = var.test_port
  cidr_ipv4         = each.value
  description       = "credex-core blue-green test traffic"
}

# ---- IAM -----------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_infrastructure_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ecs_infrastructure" {
  name               = local.infrastructure_role
  description        = "Assumed by ECS to shift load balancer traffic during blue/green deployments"
  assume_role_policy = data.aws_iam_policy_document.ecs_infrastructure_trust.json
  tags               = { ManagedBy = local.managed_by }
}

resource "aws_iam_role_policy_attachment" "ecs_infrastructure" {
  role       = aws_iam_role.ecs_infrastructure.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_oidc_provider ? 1 : 0
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  tags           = { ManagedBy = local.managed_by }
}

data "aws_iam_policy_document" "deploy_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.environment}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = local.deploy_role
  description        = "Assumed through GitHub OIDC by the credex-core pipeline in the ${var.environment} environment"
  assume_role_policy = data.aws_iam_policy_document.deploy_trust.json
  tags               = { ManagedBy = local.managed_by }
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid    = "PushImage"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = ["arn:aws:ecr:${var.region}:${local.account_id}:repository/${local.ecr_repository}"]
  }
  statement {
    sid       = "EcrLogin"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid    = "TaskDefinitions"
    effect = "Allow"
    actions = [
      "ecs:DeregisterTaskDefinition",
      "ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitions",
      "ecs:RegisterTaskDefinition",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "TagTaskDefinitions"
    effect    = "Allow"
    actions   = ["ecs:TagResource"]
    resources = ["arn:aws:ecs:${var.region}:${local.account_id}:task-definition/${local.task_family}:*"]
  }
  statement {
    sid       = "Service"
    effect    = "Allow"
    actions   = ["ecs:DescribeServices", "ecs:ListServiceDeployments", "ecs:UpdateService"]
    resources = ["arn:aws:ecs:${var.region}:${local.account_id}:service/${local.cluster}/${local.service}"]
  }
  statement {
    sid    = "ServiceDeployments"
    effect = "Allow"
    actions = [
      "ecs:ContinueServiceDeployment",
      "ecs:DescribeServiceDeployments",
      "ecs:DescribeServiceRevisions",
      "ecs:StopServiceDeployment",
    ]
    resources = [
      "arn:aws:ecs:${var.region}:${local.account_id}:service-deployment/${local.cluster}/${local.service}/*",
      "arn:aws:ecs:${var.region}:${local.account_id}:service-revision/${local.cluster}/${local.service}/*",
    ]
  }
  statement {
    sid     = "ClusterAndTasks"
    effect  = "Allow"
    actions = ["ecs:DescribeClusters", "ecs:DescribeTasks", "ecs:ListTasks"]
    resources = [
      "arn:aws:ecs:${var.region}:${local.account_id}:cluster/${local.cluster}",
      "arn:aws:ecs:${var.region}:${local.account_id}:container-instance/${local.cluster}/*",
      "arn:aws:ecs:${var.region}:${local.account_id}:task/${local.cluster}/*",
    ]
  }
  statement {
    sid     = "TaskRoles"
    effect  = "Allow"
    actions = ["iam:GetRole"]
    resources = [
      "arn:aws:iam::${local.account_id}:role/${local.task_role}",
      "arn:aws:iam::${local.account_id}:role/${local.execution_role}",
    ]
  }
  statement {
    sid     = "PassTaskRoles"
    effect  = "Allow"
    actions = ["iam:PassRole"]
    resources = [
      "arn:aws:iam::${local.account_id}:role/${local.task_role}",
      "arn:aws:iam::${local.account_id}:role/${local.execution_role}",
    ]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    sid       = "RollbackAlarms"
    effect    = "Allow"
    actions   = ["cloudwatch:DescribeAlarms"]
    resources = ["arn:aws:cloudwatch:${var.region}:${local.account_id}:alarm:credex-core-${var.environment}-*"]
  }
  statement {
    sid    = "RollbackMetricsAndTargets"
    effect = "Allow"
    actions = [
      "cloudwatch:GetMetricData",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "credex-core-deploy"
  role   = aws_iam_role.deploy.name
  policy = data.aws_iam_policy_document.deploy.json
}

# The task definition takes its secrets from Secrets Manager by valueFrom: the execution role reads them at start.
data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid       = "ReadTaskSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:${var.region}:${local.account_id}:secret:credex-core/${var.environment}/*"]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "credex-core-secrets"
  role   = local.execution_role
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# ---- rollback alarms (credex-core's sizing document: ALB 5XX > 1 % and target response time > 1 s, 5 minutes) ----

resource "aws_cloudwatch_metric_alarm" "error_rate" {
  alarm_name          = "credex-core-${var.environment}-alb-5xx-rate"
  alarm_description   = "credex-core ${var.environment}: 5XX answers above 1 % of requests for 5 minutes (rolls a deployment back)"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  threshold           = 1
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)"
    label       = "5XX % of requests"
    return_data = true
  }
  metric_query {
    id          = "elb5xx"
    return_data = false
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      period      = 60
      stat        = "Sum"
      dimensions  = { LoadBalancer = data.aws_lb.this.arn_suffix }
    }
  }
  metric_query {
    id          = "target5xx"
    return_data = false
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      period      = 60
      stat        = "Sum"
      dimensions  = { LoadBalancer = data.aws_lb.this.arn_suffix }
    }
  }
  metric_query {
    id          = "requests"
    return_data = false
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      period      = 60
      stat        = "Sum"
      dimensions  = { LoadBalancer = data.aws_lb.this.arn_suffix }
    }
  }

  tags = { ManagedBy = local.managed_by }
}

resource "aws_cloudwatch_metric_alarm" "response_time" {
  alarm_name          = "credex-core-${var.environment}-target-response-time"
  alarm_description   = "credex-core ${var.environment}: target response time above 1 s for 5 minutes (rolls a deployment back)"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  threshold           = 1
  treat_missing_data  = "notBreaching"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  statistic           = "Average"
  period              = 60
  dimensions          = { LoadBalancer = data.aws_lb.this.arn_suffix }

  tags = { ManagedBy = local.managed_by }
}
