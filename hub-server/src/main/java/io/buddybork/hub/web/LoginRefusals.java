package io.buddybork.hub.web;

import io.buddybork.hub.auth.LoginRefusalPage;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the login page with the reason a login form was refused, for the auth package. Stateless. */
@ApplicationScoped
public class LoginRefusals implements LoginRefusalPage {

    @Override
    public String render(String message) {
        return LoginPage.refusal(message);
    }
}
