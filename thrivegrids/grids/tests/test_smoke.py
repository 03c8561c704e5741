def test_home_page_lists_the_four_topics(client, demo_grids):
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Low mood", "Worry and anxiety", "Self-harm", "ADHD"):
        assert name in response.content.decode()
