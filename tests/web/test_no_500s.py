"""The probe's smaller 500s: an unknown compare group and logging out."""

from __future__ import annotations

from django.urls import reverse


def test_an_unknown_compare_group_is_a_404_with_a_clear_message(client, personas, screened):
    client.force_login(personas.alice)
    url = reverse("compare", args=[personas.workspace.pk])
    for lang, text in [
        ("en", "This workspace has no product group “no-such-group”"),
        ("zh-hans", "此工作区没有名为“no-such-group”的产品组"),
    ]:
        response = client.get(url, {"group": "no-such-group"}, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 404
        page = response.content.decode()
        assert text in page
        assert "耳机-01" in page  # the groups to choose from are still offered


def test_a_group_of_another_workspace_is_unknown_here(client, personas, screened):
    client.force_login(personas.charlie)
    url = reverse("compare", args=[personas.charlie_workspace.pk])
    response = client.get(url, {"group": "耳机-01"})
    assert response.status_code == 404
    assert "优选电子" not in response.content.decode()


def test_logging_out_goes_back_to_the_login_page(client, personas):
    client.force_login(personas.alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("index")).status_code == 302  # signed out for real
