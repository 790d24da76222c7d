from django.urls import path

from closeknit.web.practice import views

R = "r/<uuid:relationship_id>/"

urlpatterns = [
    path(R + "practice/", views.library_page, name="practice-library"),
    path(R + "practice/<slug:exercise_id>/", views.exercise_page, name="practice-exercise"),
    path(R + "plan/", views.plan_page, name="practice-plan"),
    path(R + "plan/done/", views.plan_done, name="practice-plan-done"),
    path(R + "questions/", views.questions_page, name="practice-questions"),
    path(R + "questions/draw/", views.questions_draw, name="practice-questions-draw"),
    path(R + "together/", views.together_page, name="practice-together"),
    path(R + "together/new/", views.together_new, name="practice-together-new"),
    path(
        R + "together/<uuid:round_id>/answer/",
        views.together_answer,
        name="practice-together-answer",
    ),
    path(
        R + "together/<uuid:round_id>/reply/", views.together_reply, name="practice-together-reply"
    ),
]
