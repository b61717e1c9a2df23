package dev.tradewind.local.template;

/** An {@code AWS::Events::EventBus}: its name, which is what {@code !Ref} answers and what PutEvents names it by. */
public record EventBusDefinition(String logicalId, String name) {

    /** EventBridge's always-present bus, where an entry without an {@code EventBusName} goes. */
    public static final String DEFAULT = "default";

    public static String arnOf(String name) {
        return "arn:aws:events:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":event-bus/" + name;
    }

    public String arn() {
        return arnOf(name);
    }
}
