package dev.orderreturns.local.events;

import dev.orderreturns.local.LocalResources;
import dev.orderreturns.local.SamTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The template's AWS::Events::Rule resources the local bus can honour: an event pattern it matches
 * exactly ({@link EventPattern}) and SQS queues of the template as targets, each receiving the whole
 * event envelope as EventBridge sends it. What it cannot honour is said once, at start, and left
 * out: a rule with an unsupported pattern, a schedule rule, a target that is not one of the
 * template's standard queues, or one that reshapes the event (Input, InputPath, InputTransformer).
 */
public final class EventRules {

    /** A target: the queue the matching events are sent to. */
    public record Target(String id, String queueLogicalId, String queueUrl) {
    }

    /** A rule the local bus applies to the events of {@code bus}. */
    public record Rule(String logicalId, String name, String bus, EventPattern pattern, List<Target> targets) {
    }

    private EventRules() {
    }

    /** The rules to apply; every one left out, or target dropped, is told to {@code warn} with why. */
    public static List<Rule> from(SamTemplate template, LocalResources resources, Consumer<String> warn) {
        List<Rule> rules = new ArrayList<>();
        for (SamTemplate.EventRule rule : template.eventRules().values()) {
            String id = rule.logicalId();
            if (!rule.enabled()) {
                continue; // DISABLED: EventBridge ignores it too
            }
            if (rule.eventPattern() == null) {
                warn.accept("rule " + id + " has no EventPattern" + (rule.scheduleExpression() == null ? ""
                        : " (a schedule: the local stack runs the functions' Schedule events only)")
                        + "; skipped");
                continue;
            }
            EventPattern pattern;
            try {
                pattern = EventPattern.parse(resources.resolve(rule.eventPattern()));
            } catch (EventPattern.UnsupportedPatternException e) {
                warn.accept("rule " + id + " is skipped: its EventPattern " + e.getMessage());
                continue;
            } catch (IllegalArgumentException e) {
                warn.accept("rule " + id + " is skipped: its EventPattern cannot be resolved (" + e.getMessage() + ")");
                continue;
            }
            String bus;
            try {
                bus = resources.ruleBusName(id);
            } catch (IllegalArgumentException e) {
                warn.accept("rule " + id + " is skipped: its EventBusName cannot be resolved (" + e.getMessage() + ")");
                continue;
            }
            if (!bus.equals("default") && !resources.eventBusNames().containsValue(bus)) {
                warn.accept("rule " + id + " is on event bus " + bus + ", which the template does not declare; skipped");
                continue;
            }
            List<Target> targets = new ArrayList<>();
            for (SamTemplate.RuleTarget target : rule.targets()) {
                Target queue = queueTarget(id, target, template, resources, warn);
                if (queue != null) {
                    targets.add(queue);
                }
            }
            if (targets.isEmpty()) {
                warn.accept("rule " + id + " has no target the local stack delivers to; skipped");
                continue;
            }
            rules.add(new Rule(id, resources.ruleName(id), bus, pattern, List.copyOf(targets)));
        }
        return List.copyOf(rules);
    }

    private static Target queueTarget(String rule, SamTemplate.RuleTarget target, SamTemplate template,
                                      LocalResources resources, Consumer<String> warn) {
        String what = "target " + target.id() + " of rule " + rule;
        for (String reshaping : List.of("Input", "InputPath", "InputTransformer")) {
            if (target.properties().containsKey(reshaping)) {
                warn.accept(what + " uses " + reshaping + ", which the local stack does not apply; not delivered");
                return null;
            }
        }
        String arn;
        try {
            arn = resources.resolveString(target.arn());
        } catch (IllegalArgumentException e) {
            warn.accept(what + ": its Arn cannot be resolved (" + e.getMessage() + "); not delivered");
            return null;
        }
        String queue = arn == null ? null : resources.queueLogicalIdForArn(arn);
        if (queue == null) {
            warn.accept(what + " (" + arn + ") is not an SQS queue of the template, the only targets delivered"
                    + " locally; not delivered");
            return null;
        }
        if (template.queues().get(queue).fifo()) {
            warn.accept(what + " is the FIFO queue " + queue + ", which the local stack does not deliver to");
            return null;
        }
        return new Target(target.id(), queue, resources.queueUrl(queue));
    }
}
