"""The web face of the assistant: one FastAPI app with the Gradio chat, the HTTP API and the widget."""
