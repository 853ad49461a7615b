package io.shopwatch.config.approval;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.release.Draft;
import io.shopwatch.config.release.PublishGate;
import java.util.Set;

/**
 * The four-eyes rule: in the configured profiles ({@code *} for all), a draft is published by someone other than its
 * last editor. Refused with 403; nothing is published.
 */
public final class ApprovalGate implements PublishGate {

    private final Set<String> profiles;

    public ApprovalGate(Set<String> profiles) {
        this.profiles = Set.copyOf(profiles);
    }

    public boolean required(String profile) {
        return profiles.contains("*") || profiles.contains(profile);
    }

    @Override
    public void check(Draft draft, String publisher) {
        if (required(draft.target().profile()) && publisher.equals(draft.editedBy())) {
            throw new ShopWatchException(
                    ProblemType.FORBIDDEN,
                    "profile '" + draft.target().profile() + "' needs a second person: the draft was last edited by "
                            + publisher + ", who may not publish it");
        }
    }
}
