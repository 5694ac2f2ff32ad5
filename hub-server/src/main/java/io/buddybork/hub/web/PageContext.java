package io.buddybork.hub.web;

/**
 * What every page's layout needs: who is signed in, whether they may change things, the CSRF
 * token for forms and script calls, and which page (and so which script module) is shown.
 */
public record PageContext(String username, boolean admin, String csrf, String page, String title) {

    /** Context of a page shown to nobody in particular (login). */
    public static PageContext anonymous(String page, String title) {
        return new PageContext(null, false, "", page, title);
    }

    /** Whether someone is signed in. */
    public boolean signedIn() {
        return username != null;
    }
}
