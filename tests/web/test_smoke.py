def test_the_home_page_welcomes_an_anonymous_visitor(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    assert b"Quick exit" in response.content


def test_a_logged_in_person_lands_on_their_relationships(alex_client, couple):
    response = alex_client.get("/", follow=True)
    assert response.status_code == 200
    assert b"You and Blair" in response.content
