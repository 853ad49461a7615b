package io.shopwatch.alert.notify.channel;

/** Text pieces the chat channels share. */
final class ChatText {

    /** Label of the link that acknowledges the alert group. */
    static final String ACK = "Acknowledge";

    /** Label of the link to the log search. */
    static final String LOGS = "Search logs";

    private ChatText() {}

    /**
     * The text with the title as a heading in front, for markdown messages whose title is not shown with the text;
     * a text that starts with a heading of its own is taken as complete.
     */
    static String withHeading(String title, String text) {
        String body = text == null ? "" : text;
        if (title == null || title.isBlank() || body.stripLeading().startsWith("#")) {
            return body;
        }
        return "#### " + title + (body.isEmpty() ? "" : "\n\n" + body);
    }
}
